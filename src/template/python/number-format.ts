/**
 * Number formatting shared by `'%.2f' % x`, `'{:>8,.1f}'.format(x)` and the `round` helpers:
 * the conversion types of Python's format mini-language (b c d e f g n o x %).
 */
import { typeError, valueError } from '../errors.js';
import { floatRepr, numberRepr } from './repr.js';

export interface NumberSpec {
  type: string;
  precision?: number;
  alt?: boolean;
  grouping?: string;
}

/** A finite double as the exact fraction `num / 2**shift`. */
function exactFraction(value: number): { num: bigint; shift: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(value));
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  return exponent >= 0 ? { num: mantissa << BigInt(exponent), shift: 0n } : { num: mantissa, shift: BigInt(-exponent) };
}

/**
 * |value| with `digits` decimals, rounded half-to-even on the exact binary value as Python
 * does (`'%.2f' % 0.125` is 0.12, `round(2.675, 2)` is 2.67); JS toFixed rounds ties up.
 */
export function fixedExact(value: number, digits: number): string {
  const { num, shift } = exactFraction(value);
  const scaled = num * 10n ** BigInt(digits);
  const den = 1n << shift;
  const quotient = scaled / den;
  const twice = 2n * (scaled % den);
  const rounded = twice > den || (twice === den && quotient % 2n === 1n) ? quotient + 1n : quotient;
  const text = rounded.toString().padStart(digits + 1, '0');
  return digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

function fixedDigits(value: number, precision: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : 'inf';
  return fixedExact(value, Math.min(precision, 100));
}

function expDigits(value: number, precision: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : 'inf';
  const [mantissa = '0', exp = '0'] = value.toExponential(Math.min(precision, 100)).split('e');
  const n = Number(exp);
  return `${mantissa}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
}

/** Python's 'g': fixed or exponent by magnitude, trailing zeros dropped unless `#`. */
function generalDigits(value: number, precision: number, alt: boolean): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : 'inf';
  const p = precision === 0 ? 1 : precision;
  const exp = value === 0 ? 0 : Number(value.toExponential(p - 1).split('e')[1]);
  const out = exp >= -4 && exp < p ? fixedExact(value, p - 1 - exp) : expDigits(value, p - 1);
  if (alt) return out;
  const [mantissa = '', exponent] = out.split('e');
  const trimmed = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
  return exponent === undefined ? trimmed : `${trimmed}e${exponent}`;
}

function groupDigits(body: string, sep: string): string {
  const match = /^(\d+)(.*)$/.exec(body);
  if (!match) return body;
  const [, whole = '', rest = ''] = match;
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, sep) + rest;
}

function intDigits(value: number, spec: NumberSpec): string {
  if (!Number.isInteger(value)) {
    throw valueError(`Unknown format code '${spec.type}' for object of type 'float'`);
  }
  const abs = Math.abs(value);
  const text = abs < 1e21 ? String(abs) : BigInt(abs).toString();
  switch (spec.type) {
    case 'b':
      return (spec.alt ? '0b' : '') + abs.toString(2);
    case 'o':
      return (spec.alt ? '0o' : '') + abs.toString(8);
    case 'x':
      return (spec.alt ? '0x' : '') + abs.toString(16);
    case 'X':
      return (spec.alt ? '0X' : '') + abs.toString(16).toUpperCase();
    case 'c':
      return String.fromCodePoint(abs);
    default:
      return text;
  }
}

/** The digits of |value| for a conversion type; the caller adds sign and padding. */
export function numberBody(value: number, spec: NumberSpec): string {
  const abs = Math.abs(value);
  const p = spec.precision;
  let body: string;
  switch (spec.type) {
    case 'e':
    case 'E':
      body = expDigits(abs, p ?? 6);
      break;
    case 'f':
    case 'F':
      body = fixedDigits(abs, p ?? 6);
      break;
    case 'g':
    case 'G':
      body = generalDigits(abs, p ?? 6, spec.alt ?? false);
      break;
    case '%':
      body = `${fixedDigits(abs * 100, p ?? 6)}%`;
      break;
    case '':
    case 'n':
      if (Number.isInteger(value)) body = numberRepr(abs);
      else body = p === undefined ? floatRepr(abs) : generalDigits(abs, p, false);
      break;
    case 'd':
    case 'b':
    case 'o':
    case 'x':
    case 'X':
    case 'c':
      body = intDigits(value, spec);
      break;
    default:
      throw valueError(`Unknown format code '${spec.type}' for object of type '${Number.isInteger(value) ? 'int' : 'float'}'`);
  }
  if (/[EFGX]/.test(spec.type)) body = body.toUpperCase();
  return spec.grouping ? groupDigits(body, spec.grouping) : body;
}

/** The sign prefix Python writes for `sign` ('-' default, '+', ' '). */
export function signOf(value: number, sign: string): string {
  if (value < 0 || Object.is(value, -0)) return '-';
  return sign === '+' ? '+' : sign === ' ' ? ' ' : '';
}

/** Pad `sign + body` to `width` with Python's alignments; '=' pads between sign and digits. */
export function padField(sign: string, body: string, width: number, align: string, fill: string): string {
  const gap = width - sign.length - body.length;
  if (gap <= 0) return sign + body;
  const pad = fill.repeat(gap);
  switch (align) {
    case '<':
      return sign + body + pad;
    case '^': {
      const left = fill.repeat(Math.floor(gap / 2));
      return left + sign + body + fill.repeat(gap - left.length);
    }
    case '=':
      return sign + pad + body;
    default:
      return pad + sign + body;
  }
}

/** Coerce to a number the way `%d`/`%f` accept: ints, floats and bools only. */
export function requireReal(value: unknown, conversion: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return Number(value);
  const kind = value === null ? 'NoneType' : Array.isArray(value) ? 'list' : typeof value === 'string' ? 'str' : 'dict';
  if (/[diu]/.test(conversion)) throw typeError(`%${conversion} format: a real number is required, not ${kind}`);
  if (/[oxXc]/.test(conversion)) throw typeError(`%${conversion} format: an integer is required, not ${kind}`);
  throw typeError(`must be real number, not ${kind}`);
}
