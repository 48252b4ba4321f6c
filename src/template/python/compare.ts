/**
 * Python comparison: `==` is deep and typed (no `"1" == 1`, lists by value, True == 1),
 * ordering raises TypeError across types — which is what makes TEA's `state.x > 5` with a
 * missing `x` a runtime error rather than `false` (core.md §3.5).
 */
import { typeError } from '../errors.js';
import { Undef, arrayKind, hasOwn, isDict, typeName } from './values.js';

const isNumeric = (v: unknown): v is number | boolean => typeof v === 'number' || typeof v === 'boolean';

export function pyEq(a: unknown, b: unknown): boolean {
  // Jinja2's lenient Undefined equals only another one; StrictUndefined raises.
  if (a instanceof Undef) return a.lenient ? b instanceof Undef && b.lenient : a.fail();
  if (b instanceof Undef) return b.lenient ? false : b.fail();
  if (isNumeric(a) && isNumeric(b)) return Number(a) === Number(b);
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a === 'string' || a instanceof String) return (typeof b === 'string' || b instanceof String) && String(a) === String(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    if ((arrayKind(a) === 'tuple') !== (arrayKind(b) === 'tuple')) return false;
    return a.every((item, i) => pyEq(item, b[i]));
  }
  if (isDict(a)) {
    if (!isDict(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => hasOwn(b, k) && pyEq(a[k], b[k]));
  }
  return a === b;
}

/** Three-way ordering with Python's rules; raises TypeError naming `op` for unorderable pairs. */
export function pyOrder(a: unknown, b: unknown, op = '<'): number {
  if (a instanceof Undef) return a.fail();
  if (b instanceof Undef) return b.fail();
  if (isNumeric(a) && isNumeric(b)) return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b) && arrayKind(a) === arrayKind(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
      if (!pyEq(a[i], b[i])) return pyOrder(a[i], b[i], op);
    }
    return a.length - b.length;
  }
  throw typeError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** One comparison operator as Jinja2 compiles it. */
export function compareOp(a: unknown, op: string, b: unknown): boolean {
  switch (op) {
    case '==':
    case '===':
      return pyEq(a, b);
    case '!=':
    case '!==':
      return !pyEq(a, b);
    case '<':
      return pyOrder(a, b, op) < 0;
    case '<=':
      return pyOrder(a, b, op) <= 0;
    case '>':
      return pyOrder(a, b, op) > 0;
    case '>=':
      return pyOrder(a, b, op) >= 0;
    default:
      throw typeError(`unknown comparison '${op}'`);
  }
}

/** Python's `x in y` (`contains(y, x)`): substring, list membership, dict key. */
export function pyContains(haystack: unknown, needle: unknown): boolean {
  if (haystack instanceof Undef) return haystack.fail();
  if (needle instanceof Undef) return needle.fail();
  if (typeof haystack === 'string') {
    if (typeof needle !== 'string') {
      throw typeError(`'in <string>' requires string as left operand, not ${typeName(needle)}`);
    }
    return haystack.includes(needle);
  }
  if (Array.isArray(haystack)) return haystack.some((item) => pyEq(item, needle));
  if (isDict(haystack)) return typeof needle === 'string' && hasOwn(haystack, needle);
  throw typeError(`argument of type '${typeName(haystack)}' is not iterable`);
}
