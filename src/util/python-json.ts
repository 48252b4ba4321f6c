/**
 * Python's `json.dumps` output byte for byte, as TEA prints states: `", "` and `": "`
 * separators (or newlines with `indent`), non-ASCII as `\uXXXX`, insertion order.
 */
export interface DumpOptions {
  indent?: number;
  sortKeys?: boolean;
  ensureAscii?: boolean;
}

export function pyJsonDumps(value: unknown, options: DumpOptions = {}): string {
  return dump(value, options, 0);
}

function dump(value: unknown, options: DumpOptions, depth: number): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number') return dumpNumber(value);
  if (typeof value === 'string') return dumpString(value, options.ensureAscii ?? true);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return dump((value as { toJSON(): unknown }).toJSON(), options, depth);
  }
  const indent = options.indent;
  const open = (items: string[], left: string, right: string) => {
    if (items.length === 0) return `${left}${right}`;
    if (indent === undefined) return `${left}${items.join(', ')}${right}`;
    const inner = ' '.repeat(indent * (depth + 1));
    const outer = ' '.repeat(indent * depth);
    return `${left}\n${inner}${items.join(`,\n${inner}`)}\n${outer}${right}`;
  };
  if (Array.isArray(value)) return open(value.map((item) => dump(item, options, depth + 1)), '[', ']');
  let entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
  if (options.sortKeys) entries = entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const items = entries.map(([key, item]) => `${dumpString(key, options.ensureAscii ?? true)}: ${dump(item, options, depth + 1)}`);
  return open(items, '{', '}');
}

function dumpNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return pyFloatRepr(value);
}

/** Python's repr of a number that JavaScript holds: ints as ints, floats in Python's exponent style. */
export function pyFloatRepr(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return String(value);
  const text = String(value);
  if (!text.includes('e')) return text;
  // JS: 1e+21, 1e-7; Python: 1e+21, 1e-07
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

const escapes: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

function dumpString(text: string, ensureAscii: boolean): string {
  let out = '"';
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    const code = text.charCodeAt(index);
    if (escapes[char]) out += escapes[char];
    else if (code < 0x20 || (ensureAscii && code > 0x7e)) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}
