/**
 * Python's `str()` and `repr()` of JSON-ish values: what TEA prints for `{{ x }}` inside a
 * larger string, and what it splices into Python `run:` code (`x = {{ state.data }}` must
 * become `{'t': True, 'z': None}`, core.md §2.2).
 */
import { floatTextAt } from '../../util/python-floats.js';
import { Namespace, Undef, arrayKind, isDict } from './values.js';

/** `str(v)`: strings as they are, everything else as its repr. */
export function pyStr(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Undef && value.lenient) return '';
  if (value instanceof String) return value.toString();
  return pyRepr(value);
}

export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  switch (typeof value) {
    case 'boolean':
      return value ? 'True' : 'False';
    case 'number':
      return numberRepr(value);
    case 'string':
      return stringRepr(value);
    case 'function':
      return `<built-in function ${value.name || 'function'}>`;
    default:
      return objectRepr(value as object);
  }
}

/** The repr of `container[key]`: a number read as a Python float keeps its `.0` (util/python-floats.ts). */
function reprAt(container: object, key: string | number): string {
  return floatTextAt(container, key) ?? pyRepr((container as Record<string | number, unknown>)[key]);
}

function objectRepr(value: object): string {
  if (value instanceof Undef) return value.lenient ? 'Undefined' : value.fail();
  if (value instanceof String) return stringRepr(value.toString());
  if (value instanceof Namespace) return `<Namespace ${objectRepr(value.attrs)}>`;
  if (Array.isArray(value)) {
    const items = value.map((_, index) => reprAt(value, index));
    switch (arrayKind(value)) {
      case 'tuple':
        return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
      case 'list':
        return `[${items.join(', ')}]`;
      default:
        return `${arrayKind(value)}([${items.join(', ')}])`;
    }
  }
  if (isDict(value)) {
    const entries = Object.keys(value).map((k) => `${stringRepr(k)}: ${reprAt(value, k)}`);
    return `{${entries.join(', ')}}`;
  }
  return `<${value.constructor?.name ?? 'object'} object>`;
}

/**
 * JS numbers cannot tell `1.0` from `1`, so integral values print as Python ints and the rest
 * as Python's float repr: shortest round-trip digits, exponent form below 1e-4 and from 1e16.
 */
export function numberRepr(value: number): string {
  if (Number.isInteger(value)) {
    return Math.abs(value) < 1e21 ? String(value === 0 ? 0 : value) : BigInt(value).toString();
  }
  return floatRepr(value);
}

export function floatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const [mantissa = '0', expText = '0'] = value.toExponential().split('e');
  const exponent = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expSign = exponent < 0 ? '-' : '+';
    return `${sign}${body}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1) || '0';
  return `${sign}${whole}.${fraction}`;
}

// Python's str.isprintable() is false for these categories (space excepted).
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}\uD800-\uDFFF]/u;

/** repr() of a str: single quotes unless the text has `'` and no `"`; Python's escapes. */
export function stringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    out += escapeChar(ch, quote);
  }
  return out + quote;
}

function escapeChar(ch: string, quote: string): string {
  switch (ch) {
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case quote:
      return `\\${quote}`;
    case ' ':
      return ch;
    default:
      break;
  }
  if (!NON_PRINTABLE.test(ch)) return ch;
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}
