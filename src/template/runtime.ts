/**
 * The `tea` object compiled templates call (see `nunjucks/compile-*.ts`): name resolution,
 * lookups, calls, filters, tests and operators with Python/Jinja2 semantics.
 */
import { JinjaError, typeError } from './errors.js';
import { pyAdd, pyConcat, pyDiv, pyFloorDiv, pyMod, pyMul, pyNeg, pyPos, pyPow, pySub } from './python/arithmetic.js';
import { compareOp, pyContains } from './python/compare.js';
import { dictKey } from './python/container-methods.js';
import { getAttr, getItem, getSlice } from './python/lookup.js';
import { pyStr } from './python/repr.js';
import { Namespace, Undef, codePoints, isDict, pyTruthy, tuple, typeName } from './python/values.js';
import { floatTextAt, integralFloatRepr, isFloatAt } from '../util/python-floats.js';
import type { RenderContext } from './render-context.js';

interface Frame {
  lookup(name: string): unknown;
}

export type FilterFn = (value: unknown, args: unknown[]) => unknown;
export type TestFn = (value: unknown, args: unknown[]) => boolean;

/** The value of an expression that is one lookup of a Python float (see `valueAt`). */
export class FloatResult {
  constructor(readonly value: number) {}
}

/** `obj.key` or `obj[key]`, as `attr` and `item` give it. */
const lookUp = (obj: unknown, key: unknown, dot: boolean): unknown => (dot ? getAttr(obj, String(key)) : getItem(obj, key));

/** The container and key a lookup read, for its float mark (a negative list index counts from the end). */
function markPlace(obj: unknown, key: unknown): [object, string | number] | undefined {
  if (typeof obj !== 'object' || obj === null) return undefined;
  const at = Array.isArray(obj) && typeof key === 'number' && key < 0 ? obj.length + key : key;
  return typeof at === 'string' || typeof at === 'number' ? [obj, at] : undefined;
}

export function makeRuntime(filters: Map<string, FilterFn>, tests: Map<string, TestFn>): object {
  return {
    lookup(context: RenderContext, frame: Frame, name: string): unknown {
      const local = frame.lookup(name);
      return local !== undefined ? local : context.resolve(name);
    },
    attr: (obj: unknown, name: unknown) => getAttr(obj, String(name)),
    item: getItem,
    slice: getSlice,
    call(fn: unknown, args: unknown[]): unknown {
      if (fn instanceof Undef) return fn.fail();
      if (typeof fn !== 'function') throw typeError(`'${typeName(fn)}' object is not callable`);
      const result: unknown = fn(...args);
      // nunjucks macros return SafeString objects; Python sees plain str.
      return result instanceof String ? result.toString() : result;
    },
    filter: (name: string, args: unknown[]) => filters.get(name)!(args[0], args.slice(1)),
    test: (name: string, value: unknown, args: unknown[]) => tests.get(name)!(value, args),
    str: pyStr,
    /** `{{ x.key }}` / `{{ x[key] }}` printed: a number read as a Python float keeps its `.0`. */
    strAt(obj: unknown, key: unknown, dot: boolean): string {
      const value = lookUp(obj, key, dot);
      const place = markPlace(obj, key);
      return (place && floatTextAt(...place)) ?? pyStr(value);
    },
    /** `{{ a / b }}` or `{{ x | float }}` printed: Python gives a float, so `2.0`. */
    strFloat(value: unknown): string {
      return typeof value === 'number' && Number.isInteger(value) ? integralFloatRepr(value) : pyStr(value);
    },
    /** The same as a whole expression's value. */
    asFloat(value: unknown): unknown {
      return typeof value === 'number' && Number.isInteger(value) ? new FloatResult(value) : value;
    },
    /** A whole expression that is one lookup: its value, wrapped when it is a Python float. */
    valueAt(obj: unknown, key: unknown, dot: boolean): unknown {
      const value = lookUp(obj, key, dot);
      const place = markPlace(obj, key);
      return typeof value === 'number' && place && isFloatAt(...place) ? new FloatResult(value) : value;
    },
    truthy: pyTruthy,
    or: (a: unknown, b: () => unknown) => (pyTruthy(a) ? a : b()),
    and: (a: unknown, b: () => unknown) => (pyTruthy(a) ? b() : a),
    undef: (message: string) => new Undef(message, true),
    compare: compareOp,
    chain(first: unknown, ...links: unknown[]): boolean {
      let left = first;
      for (let i = 0; i < links.length; i += 2) {
        const right = (links[i + 1] as () => unknown)();
        if (!compareOp(left, links[i] as string, right)) return false;
        left = right;
      }
      return true;
    },
    contains: pyContains,
    add: pyAdd,
    sub: pySub,
    mul: pyMul,
    div: pyDiv,
    floordiv: pyFloorDiv,
    mod: pyMod,
    pow: pyPow,
    neg: pyNeg,
    pos: pyPos,
    concat: pyConcat,
    tuple: (items: unknown[]) => tuple(items),
    key(value: unknown): string {
      if (value instanceof Undef) return value.fail();
      return dictKey(value) ?? pyStr(value);
    },
    /** Python iteration; `for k, v in dict` keeps nunjucks' key/value loop. */
    iter(value: unknown, names: number): unknown {
      if (value instanceof Undef) return value.lenient ? [] : value.fail();
      if (Array.isArray(value)) return value;
      if (typeof value === 'string') return codePoints(value);
      if (isDict(value)) return names > 1 ? value : Object.keys(value);
      throw typeError(`'${typeName(value)}' object is not iterable`);
    },
    setattr(obj: unknown, name: unknown, value: unknown): void {
      if (!(obj instanceof Namespace)) throw new JinjaError('cannot assign attribute on non-namespace object');
      obj.attrs[String(name)] = value;
    },
  };
}
