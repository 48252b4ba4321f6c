/**
 * Python `str` methods reachable as `'x'.upper()` in a template (nunjucks exposes JS String
 * methods instead, with other names and semantics).
 */
import { PyError, typeError, valueError } from '../errors.js';
import { pyStr } from './repr.js';
import { strFormat } from './str-format.js';
import { pyIter, splitArgs, tuple, typeName } from './values.js';

type StrMethod = (self: string, args: unknown[], kwargs: Record<string, unknown>) => unknown;

const WHITESPACE = ' \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000';
const escapeClass = (chars: string): string => chars.replace(/[\\\]^-]/g, '\\$&');

function stripper(side: 'both' | 'left' | 'right'): StrMethod {
  return (self, [chars]) => {
    const set = chars === undefined || chars === null ? WHITESPACE : escapeClass(String(chars));
    if (set === '') return self;
    const left = side === 'right' ? '' : `^[${set}]+`;
    const right = side === 'left' ? '' : `[${set}]+$`;
    return self.replace(new RegExp([left, right].filter(Boolean).join('|'), 'gu'), '');
  };
}

function requireStr(value: unknown, method: string): string {
  if (typeof value !== 'string') throw typeError(`${method} arg must be None or str`);
  return value;
}

function split(self: string, sep: unknown, maxsplit: unknown): string[] {
  const limit = typeof maxsplit === 'number' && maxsplit >= 0 ? maxsplit : Infinity;
  if (sep === undefined || sep === null) {
    const words: string[] = [];
    let rest = self.replace(/^\s+/u, '');
    while (rest !== '') {
      if (words.length >= limit) return [...words, rest];
      const m = /\s+/u.exec(rest);
      if (!m) return [...words, rest];
      words.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    return words;
  }
  const separator = requireStr(sep, 'split()');
  if (separator === '') throw valueError('empty separator');
  const parts = self.split(separator);
  return parts.length - 1 <= limit ? parts : [...parts.slice(0, limit), parts.slice(limit).join(separator)];
}

const affix = (test: (s: string, p: string) => boolean): StrMethod => (self, [prefix]) => {
  const options = Array.isArray(prefix) ? prefix : [prefix];
  return options.some((p) => {
    if (typeof p !== 'string') throw typeError(`startswith first arg must be str or a tuple of str, not ${typeName(p)}`);
    return test(self, p);
  });
};

function count(self: string, sub: unknown): number {
  const needle = requireStr(sub, 'count()');
  return needle === '' ? Array.from(self).length + 1 : self.split(needle).length - 1;
}

export const STR_METHODS: Record<string, StrMethod> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  casefold: (s) => s.toLowerCase(),
  swapcase: (s) => Array.from(s, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  title: (s) => s.replace(/\p{L}+/gu, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  strip: stripper('both'),
  lstrip: stripper('left'),
  rstrip: stripper('right'),
  split: (s, [sep, maxsplit], kw) => split(s, kw.sep ?? sep, kw.maxsplit ?? maxsplit),
  splitlines: (s) => s.split(/\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]/).filter((line, i, all) => i < all.length - 1 || line !== ''),
  replace: (s, [old, rep, n]) => {
    const parts = s.split(requireStr(old, 'replace()'));
    const limit = typeof n === 'number' && n >= 0 ? n : Infinity;
    return parts.reduce((acc, part, i) => acc + (i === 0 ? '' : i <= limit ? pyStr(rep) : String(old)) + part, '');
  },
  startswith: affix((s, p) => s.startsWith(p)),
  endswith: affix((s, p) => s.endsWith(p)),
  find: (s, [sub]) => s.indexOf(requireStr(sub, 'find()')),
  rfind: (s, [sub]) => s.lastIndexOf(requireStr(sub, 'rfind()')),
  index: (s, [sub]) => {
    const at = s.indexOf(requireStr(sub, 'index()'));
    if (at < 0) throw valueError('substring not found');
    return at;
  },
  count: (s, [sub]) => count(s, sub),
  isdigit: (s) => /^\p{Nd}+$/u.test(s),
  isnumeric: (s) => /^\p{N}+$/u.test(s),
  isalpha: (s) => /^\p{L}+$/u.test(s),
  isalnum: (s) => /^[\p{L}\p{N}]+$/u.test(s),
  isspace: (s) => s !== '' && split(s, undefined, -1).length === 0,
  isupper: (s) => /\p{Lu}/u.test(s) && s === s.toUpperCase(),
  islower: (s) => /\p{Ll}/u.test(s) && s === s.toLowerCase(),
  zfill: (s, [width]) => {
    const sign = /^[-+]/.test(s) ? s[0] : '';
    return sign + s.slice(sign.length).padStart(Number(width) - sign.length, '0');
  },
  ljust: (s, [width, fill = ' ']) => s.padEnd(Number(width), String(fill)),
  rjust: (s, [width, fill = ' ']) => s.padStart(Number(width), String(fill)),
  center: (s, [width, fill = ' ']) => {
    // CPython: left = marg / 2 + (marg & width & 1)
    const gap = Math.max(0, Number(width) - s.length);
    const left = Math.floor(gap / 2) + (gap & Number(width) & 1);
    return String(fill).repeat(left) + s + String(fill).repeat(gap - left);
  },
  partition: (s, [sep]) => {
    const at = s.indexOf(requireStr(sep, 'partition()'));
    return tuple(at < 0 ? [s, '', ''] : [s.slice(0, at), String(sep), s.slice(at + String(sep).length)]);
  },
  join: (s, [items]) =>
    pyIter(items)
      .map((item) => {
        if (typeof item !== 'string') throw typeError(`sequence item 0: expected str instance, ${typeName(item)} found`);
        return item;
      })
      .join(s),
  format: (s, args, kwargs) => strFormat(s, args, kwargs),
  encode: () => {
    throw new PyError('TypeError', 'bytes are not supported in templates');
  },
};

/** Bind `'text'.name` to a callable taking nunjucks call arguments. */
export function bindStrMethod(self: string, name: string): ((...raw: unknown[]) => unknown) | undefined {
  const method = Object.prototype.hasOwnProperty.call(STR_METHODS, name) ? STR_METHODS[name] : undefined;
  if (!method) return undefined;
  const bound = (...raw: unknown[]): unknown => {
    const { args, kwargs } = splitArgs(raw);
    return method(self, args, kwargs);
  };
  Object.defineProperty(bound, 'name', { value: name });
  return bound;
}
