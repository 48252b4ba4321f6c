/** Jinja2's string filters, on Python's `str()` of the input. */
import { percentFormat } from '../python/percent-format.js';
import { pyStr } from '../python/repr.js';
import { STR_METHODS } from '../python/str-methods.js';
import { splitArgs, tuple } from '../python/values.js';
import { JinjaError } from '../errors.js';
import type { FilterFn } from '../runtime.js';
import { bind, strict } from './signature.js';

const str = (fn: (text: string, raw: unknown[]) => unknown): FilterFn => strict((value, raw) => fn(pyStr(value), raw));
const method = (name: string, text: string, args: unknown[]): unknown => STR_METHODS[name]!(text, args, {});

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);

function indent(text: string, raw: unknown[]): string {
  const p = bind('indent', ['width', 'first', 'blank'], raw, { width: 4, first: false, blank: false });
  const pad = typeof p.width === 'string' ? p.width : ' '.repeat(Number(p.width));
  // Jinja2 appends a newline before splitting so a trailing newline is kept as a line.
  const lines = method('splitlines', `${text}\n`, []) as string[];
  let out = p.blank
    ? lines.join(`\n${pad}`)
    : [lines[0] ?? '', ...lines.slice(1).map((line) => (line ? pad + line : line))].join('\n');
  if (p.first) out = pad + out;
  return out;
}

function truncate(text: string, raw: unknown[]): string {
  const p = bind('truncate', ['length', 'killwords', 'end', 'leeway'], raw, { length: 255, killwords: false, end: '...', leeway: 5 });
  const [length, end, leeway] = [Number(p.length), String(p.end), Number(p.leeway)];
  if (text.length <= length + leeway) return text;
  if (p.killwords) return text.slice(0, length - end.length) + end;
  const head = text.slice(0, length - end.length);
  const cut = head.lastIndexOf(' ');
  return (cut < 0 ? head : head.slice(0, cut)) + end;
}

export const stringFilters: Record<string, FilterFn> = {
  upper: str((s) => s.toUpperCase()),
  lower: str((s) => s.toLowerCase()),
  // Jinja2's title splits on whitespace and -({[< only (unlike str.title).
  title: str((s) => s.split(/([-\s({[<]+)/u).map((w) => (w ? w.charAt(0).toUpperCase() + w.slice(1).toLowerCase() : w)).join('')),
  capitalize: str((s) => method('capitalize', s, [])),
  trim: str((s, raw) => method('strip', s, [bind('trim', ['chars'], raw).chars])),
  replace: str((s, raw) => {
    const p = bind('replace', ['old', 'new', 'count'], raw);
    return method('replace', s, [pyStr(p.old), pyStr(p.new), p.count ?? -1]);
  }),
  string: str((s) => s),
  center: str((s, raw) => method('center', s, [bind('center', ['width'], raw, { width: 80 }).width])),
  wordcount: str((s) => (s.match(/[\p{L}\p{N}_]+/gu) ?? []).length),
  indent: str(indent),
  truncate: str(truncate),
  escape: str(escapeHtml),
  e: str(escapeHtml),
  forceescape: str(escapeHtml),
  safe: str((s) => s),
  striptags: str((s) => s.replace(/<!--.*?-->|<[^>]*>/gs, ' ').replace(/\s+/g, ' ').trim()),
  format: str((s, raw) => {
    const { args, kwargs } = splitArgs(raw);
    if (args.length > 0 && Object.keys(kwargs).length > 0) {
      throw new JinjaError("can't handle positional and keyword arguments at the same time");
    }
    return percentFormat(s, Object.keys(kwargs).length > 0 ? kwargs : tuple([...args]));
  }),
};
