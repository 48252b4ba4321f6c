/**
 * Python's printf-style `'%s-%d' % ('a', 3)` (nunjucks gives NaN), also behind Jinja's
 * `format` filter. A tuple supplies positional arguments, a dict `%(name)s` ones, anything
 * else is the single argument.
 */
import { PyError, typeError } from '../errors.js';
import { numberBody, padField, requireReal, signOf } from './number-format.js';
import { pyRepr, pyStr } from './repr.js';
import { arrayKind, isDict } from './values.js';

const SPEC = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])?/g;

export function percentFormat(format: string, values: unknown): string {
  const positional = Array.isArray(values) && arrayKind(values) === 'tuple' ? [...values] : null;
  const mapping = positional === null && isDict(values) ? values : null;
  const queue = positional ?? [values];
  let used = 0;
  const next = (): unknown => {
    if (used >= queue.length) throw typeError('not enough arguments for format string');
    used += 1;
    return queue[used - 1];
  };
  const out = format.replace(SPEC, (_m, key: string | undefined, flags: string, width: string | undefined, precision: string | undefined, conversion: string | undefined) => {
    if (conversion === undefined) throw new PyError('ValueError', 'incomplete format');
    if (conversion === '%') return '%';
    const widthValue = width === '*' ? Number(next()) : width === undefined ? 0 : Number(width);
    const precisionValue = precision === '*' ? Number(next()) : precision === undefined ? undefined : Number(precision);
    const arg = key !== undefined && mapping ? lookupKey(mapping, key) : next();
    return convertOne(arg, conversion, flags, widthValue, precisionValue);
  });
  if (positional !== null ? used < positional.length : mapping === null && used === 0) {
    throw typeError('not all arguments converted during string formatting');
  }
  return out;
}

function lookupKey(mapping: Record<string, unknown>, key: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(mapping, key)) {
    throw new PyError('KeyError', pyRepr(key));
  }
  return mapping[key];
}

function convertOne(arg: unknown, conversion: string, flags: string, width: number, precision: number | undefined): string {
  const left = flags.includes('-');
  if (conversion === 's' || conversion === 'r' || conversion === 'a') {
    let text = conversion === 's' ? pyStr(arg) : pyRepr(arg);
    if (precision !== undefined) text = text.slice(0, precision);
    return padField('', text, width, left ? '<' : '>', ' ');
  }
  if (conversion === 'c' && typeof arg === 'string') return padField('', arg, width, left ? '<' : '>', ' ');
  let value = requireReal(arg, conversion);
  if (/[diu]/.test(conversion)) value = Math.trunc(value);
  const type = /[diu]/.test(conversion) ? 'd' : conversion;
  const body = numberBody(value, { type, precision, alt: flags.includes('#') });
  const sign = signOf(value, flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '-');
  if (left) return padField(sign, body, width, '<', ' ');
  return flags.includes('0') ? padField(sign, body, width, '=', '0') : padField(sign, body, width, '>', ' ');
}
