/**
 * Python's `json.dumps` (ensure_ascii, `", "`/`": "` separators, float repr, optional
 * sort_keys and indent): the output of TEA's `json` filter and of Jinja's `tojson`.
 */
import { floatTextAt } from '../../util/python-floats.js';
import { typeError } from '../errors.js';
import { numberRepr } from './repr.js';
import { Namespace, Undef, isDict, typeName } from './values.js';

export interface DumpsOptions {
  sortKeys?: boolean;
  indent?: number | string | null;
}

/** JSON string literal with every non-ASCII unit escaped as `\uXXXX`, as ensure_ascii does. */
export function asciiJsonString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const ch = text[i] ?? '';
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function numberJson(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return numberRepr(value);
}

function keyJson(key: string): string {
  return asciiJsonString(key);
}

export function pyJsonDumps(value: unknown, options: DumpsOptions = {}): string {
  const indent = typeof options.indent === 'number' ? ' '.repeat(options.indent) : (options.indent ?? null);
  // A number read as a Python float (`2.0`) is printed as one (util/python-floats.ts).
  const encodeAt = (container: object, key: string | number, depth: number): string =>
    floatTextAt(container, key) ?? encode((container as Record<string | number, unknown>)[key], depth);
  const encode = (v: unknown, depth: number): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') return numberJson(v);
    if (typeof v === 'string' || v instanceof String) return asciiJsonString(String(v));
    if (v instanceof Undef) return v.fail();
    const open = (items: string[], left: string, right: string): string => {
      if (items.length === 0) return left + right;
      if (indent === null) return left + items.join(', ') + right;
      const pad = `\n${indent.repeat(depth + 1)}`;
      return `${left}${pad}${items.join(`,${pad}`)}\n${indent.repeat(depth)}${right}`;
    };
    if (Array.isArray(v)) return open(v.map((_, index) => encodeAt(v, index, depth + 1)), '[', ']');
    if (isDict(v)) {
      const keys = Object.keys(v);
      if (options.sortKeys) keys.sort();
      return open(keys.map((k) => `${keyJson(k)}: ${encodeAt(v, k, depth + 1)}`), '{', '}');
    }
    const kind = v instanceof Namespace ? 'Namespace' : typeName(v);
    throw typeError(`Object of type ${kind} is not JSON serializable`);
  };
  return encode(value, 0);
}

/** Jinja's `tojson`: sorted keys, then `< > & '` escaped so the text is safe in HTML. */
export function htmlSafeJson(value: unknown, indent?: number | null): string {
  return pyJsonDumps(value, { sortKeys: true, indent: indent ?? null })
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/'/g, '\\u0027');
}
