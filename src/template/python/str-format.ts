/**
 * Python's `'{} {name:>5}'.format(a, name=b)` and `format(value, spec)`: fields by position,
 * index or keyword (with `.attr`/`[key]` chains), `!r`/`!s`, and the format mini-language.
 */
import { PyError, typeError, valueError } from '../errors.js';
import { numberBody, padField, signOf } from './number-format.js';
import { pyRepr, pyStr } from './repr.js';
import { isDict, typeName } from './values.js';

const SPEC = /^(?:(.)?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s;

/** `format(value, spec)` as Python's built-in does it for str, int, float, bool and None. */
export function formatValue(value: unknown, spec: string): string {
  if (spec === '') return pyStr(value);
  const m = SPEC.exec(spec);
  if (!m) throw valueError('Invalid format specifier');
  const [, fillChar, align, sign, , alt, zero, width, grouping, precision, type = ''] = m;
  const fill = fillChar ?? (zero && !align ? '0' : ' ');
  const widthValue = width === undefined ? 0 : Number(width);
  const precisionValue = precision === undefined ? undefined : Number(precision);
  if (typeof value === 'string') {
    if (type !== '' && type !== 's') throw valueError(`Unknown format code '${type}' for object of type 'str'`);
    if (sign) throw valueError('Sign not allowed in string format specifier');
    const text = precisionValue === undefined ? value : value.slice(0, precisionValue);
    return padField('', text, widthValue, align ?? '<', fill);
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    const n = Number(value);
    const body = numberBody(n, { type, precision: precisionValue, alt: alt !== undefined, grouping });
    return padField(signOf(n, sign ?? '-'), body, widthValue, align ?? (zero ? '=' : '>'), fill);
  }
  throw typeError(`unsupported format string passed to ${typeName(value)}.__format__`);
}

/** `str.format(*args, **kwargs)`. */
export function strFormat(template: string, args: unknown[], kwargs: Record<string, unknown>): string {
  let auto = 0;
  return template.replace(/\{\{|\}\}|\{([^{}]*)\}|[{}]/g, (match, field: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    if (field === undefined) throw valueError(`Single '${match}' encountered in format string`);
    const [, name = '', conversion, spec = ''] = /^([^!:]*)(?:!([rsa]))?(?::(.*))?$/s.exec(field) ?? [];
    const [head = '', ...chain] = name.split(/(?=[.[])/);
    let value: unknown;
    if (head === '') value = positional(args, auto++);
    else if (/^\d+$/.test(head)) value = positional(args, Number(head));
    else if (Object.prototype.hasOwnProperty.call(kwargs, head)) value = kwargs[head];
    else throw new PyError('KeyError', pyRepr(head));
    for (const step of chain) value = followField(value, step);
    if (conversion === 'r' || conversion === 'a') value = pyRepr(value);
    else if (conversion === 's') value = pyStr(value);
    return formatValue(value, spec);
  });
}

function positional(args: unknown[], index: number): unknown {
  if (index >= args.length) {
    throw new PyError('IndexError', `Replacement index ${index} out of range for positional args tuple`);
  }
  return args[index];
}

/** `{a.b}` is an attribute (dicts have none), `{a[k]}` an item. */
function followField(value: unknown, step: string): unknown {
  if (step.startsWith('.')) throw new PyError('AttributeError', `'${typeName(value)}' object has no attribute ${pyRepr(step.slice(1))}`);
  const key = step.slice(1, -1);
  if (Array.isArray(value) && /^\d+$/.test(key)) return value[Number(key)];
  if (isDict(value) && Object.prototype.hasOwnProperty.call(value, key)) return value[key];
  throw new PyError('KeyError', pyRepr(key));
}
