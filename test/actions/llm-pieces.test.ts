import { describe, expect, it } from 'vitest';
import { expandEnvVars } from '../../src/actions/llm/env-expand.js';
import { resolveProvider } from '../../src/actions/llm/llm-call.js';
import { injectLlmSettings } from '../../src/actions/llm/llm-settings.js';
import { flattenMessages, normalizeMessages } from '../../src/actions/llm/messages.js';
import { makeShellInvocation } from '../../src/actions/llm/shell-invocation.js';
import { defaultShellProviders, resolveShellProviders } from '../../src/actions/llm/shell-providers.js';

describe('expandEnvVars (core.md §5)', () => {
  const env = { SET: 'v', EMPTY: '' };
  it('expands through strings, lists and mappings', () => {
    expect(expandEnvVars({ a: ['${SET}/${MISSING}', '${MISSING:-d}', '${EMPTY:-d}', 1] }, env)).toEqual({ a: ['v/', 'd', '', 1] });
  });
});

describe('shell providers', () => {
  it("TEA's built-ins", () => {
    const builtIns = defaultShellProviders();
    expect(Object.keys(builtIns)).toEqual(['claude', 'codex', 'gemini', 'qwen', 'opencode', 'cursor']);
    expect(builtIns.claude).toEqual({ command: 'claude', args: ['-p', '{prompt}', '--dangerously-skip-permissions', '--no-session-persistence'], timeout: 108000 });
    expect(builtIns.cursor!.command).toBe('agent');
  });

  it('settings.shell_providers, then settings.llm.shell_providers (wins per name), then the built-ins; a redefinition replaces whole', () => {
    const providers = resolveShellProviders({
      shell_providers: { mine: { command: 'a' }, claude: { command: 'legacy' } },
      llm: { shell_providers: { claude: { command: 'canonical' } } },
    });
    expect([...providers.keys()]).toEqual(['mine', 'claude', 'codex', 'gemini', 'qwen', 'opencode', 'cursor']);
    expect(providers.get('claude')).toEqual({ command: 'canonical' });
  });

  it('timeout: the node wins, else the provider, else 300 s (core.md §9 item 11 not copied)', () => {
    const timeout = (node: number | undefined, config: Record<string, unknown>) => (makeShellInvocation('x', config, 'p', node, {}) as { timeoutSeconds: number }).timeoutSeconds;
    expect(timeout(2, { timeout: 5 })).toBe(2);
    expect(timeout(undefined, { timeout: 5 })).toBe(5);
    expect(timeout(undefined, {})).toBe(300);
  });

  it('the command defaults to the provider name and the prompt may sit inside an argument', () => {
    expect(makeShellInvocation('tool', { args: ['--ask={prompt}!'] }, 'hi $x', undefined, {})).toMatchObject({ command: 'tool', args: ['--ask=hi $x!'], promptVia: 'none' });
  });
});

describe('messages', () => {
  it('messages win; else prompt after an optional system', () => {
    expect(normalizeMessages([{ role: 'user', content: 'm' }], 'p', 's')).toEqual([{ role: 'user', content: 'm' }]);
    expect(normalizeMessages(undefined, 'p', 's')).toEqual([{ role: 'system', content: 's' }, { role: 'user', content: 'p' }]);
    expect(normalizeMessages(null, null, 's')).toBeNull();
  });

  it("flattens as TEA's _format_messages_for_cli, with Python's errors", () => {
    expect(flattenMessages([{ content: 'no role' }, { role: 'tool', content: 't' }, { role: 'system', content: null }], 'n')).toBe('no role\n\nt\n\nSystem: None');
    expect(() => flattenMessages([{ role: 'user', content: ['part'] }], 'n')).toThrow('sequence item 0: expected str instance, list found');
    expect(() => flattenMessages(['text'], 'n')).toThrow("'str' object has no attribute 'get'");
  });
});

describe('provider and settings', () => {
  it('auto detects from the environment', () => {
    expect(resolveProvider(undefined, {})).toBe('openai');
    expect(resolveProvider('auto', { OLLAMA_API_BASE: 'x' })).toBe('ollama');
    expect(resolveProvider('', { AZURE_OPENAI_API_KEY: 'k', AZURE_OPENAI_ENDPOINT: 'e' })).toBe('azure');
    expect(resolveProvider('Azure_OpenAI', {})).toBe('azure');
    expect(resolveProvider('shell', { OLLAMA_API_BASE: 'x' })).toBe('shell');
  });

  it('injects settings.llm keys only where the node has none; deployment becomes model', () => {
    const settings = { llm: { deployment: 'dep', model: 'm', temperature: 0.1, timeout: 9, shell_providers: {}, unknown: 1 } };
    expect(injectLlmSettings({ temperature: 0.9 }, settings)).toEqual({ temperature: 0.9, model: 'dep', timeout: 9 });
    expect(injectLlmSettings({ a: 1 }, {})).toEqual({ a: 1 });
  });
});
