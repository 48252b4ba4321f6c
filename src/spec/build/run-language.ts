import type { RunLanguage } from '../model.js';

const languageNames: Record<string, RunLanguage> = {
  python: 'python',
  py: 'python',
  javascript: 'javascript',
  js: 'javascript',
  lua: 'lua',
  prolog: 'prolog',
};

/** Maps `language:` or `run: {type: ...}` to a language, or undefined when it names none. */
export function languageFromName(name: unknown): RunLanguage | undefined {
  return typeof name === 'string' ? languageNames[name.toLowerCase()] : undefined;
}

/**
 * The language of a string `run:` block: `language:` wins, then a first-line marker
 * (`// js`, `-- lua`, `% prolog`; TEA's CLI ignores its markers, core.md §9 item 5), else Python.
 */
export function detectLanguage(code: string, declared: unknown): RunLanguage {
  const named = languageFromName(declared);
  if (named) return named;
  const firstLine = code.trimStart().split('\n', 1)[0]!.trim().toLowerCase();
  if (/^\/\/\s*(js|javascript)\b/.test(firstLine)) return 'javascript';
  if (/^--\s*lua\b/.test(firstLine)) return 'lua';
  if (/^%\s*prolog\b/.test(firstLine)) return 'prolog';
  return 'python';
}
