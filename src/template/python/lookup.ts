/**
 * Jinja2's `getattr` (`x.name`: attribute first, then item) and `getitem` (`x[key]`: item
 * first, then attribute), with Python's negative indexes and slices. A miss is an Undefined
 * carrying Jinja's message, raised only when used.
 */
import { valueError } from '../errors.js';
import { bindMethod, dictKey, DICT_METHODS, LIST_METHODS, TUPLE_METHODS } from './container-methods.js';
import { dotDictAttr, isDotDict } from './dotdict.js';
import { pyRepr, stringRepr } from './repr.js';
import { bindStrMethod } from './str-methods.js';
import { Namespace, Undef, arrayKind, codePoints, hasOwn, isDict, tagArray } from './values.js';

function ownerName(obj: unknown): string {
  if (obj === null || obj === undefined) return 'None';
  if (typeof obj === 'string') return 'str object';
  if (typeof obj === 'number') return Number.isInteger(obj) ? 'int object' : 'float object';
  if (typeof obj === 'boolean') return 'bool object';
  if (Array.isArray(obj)) return `${arrayKind(obj)} object`;
  if (obj instanceof Namespace) return 'jinja2.utils.Namespace object';
  return isDict(obj) ? 'dict object' : 'object';
}

const noAttribute = (obj: unknown, name: string): Undef => new Undef(`'${ownerName(obj)}' has no attribute ${stringRepr(name)}`);
// Jinja2 quotes the owner for attributes but not for elements.
const noElement = (obj: unknown, key: unknown): Undef => new Undef(`${ownerName(obj)} has no element ${pyRepr(key)}`);

/** Python attributes of `obj` (methods), or undefined when it has none of that name. */
function pythonAttribute(obj: unknown, name: string): unknown {
  if (typeof obj === 'string') return bindStrMethod(obj, name);
  if (Array.isArray(obj)) {
    const allowed = arrayKind(obj) === 'list' || TUPLE_METHODS.has(name);
    return allowed && hasOwn(LIST_METHODS, name) ? bindMethod(obj, name, LIST_METHODS[name]!) : undefined;
  }
  if (obj instanceof Namespace) return hasOwn(obj.attrs, name) ? obj.attrs[name] : undefined;
  if (isDict(obj)) return hasOwn(DICT_METHODS, name) ? bindMethod(obj, name, DICT_METHODS[name]!) : undefined;
  if (typeof obj === 'number' || typeof obj === 'boolean') return name === 'real' ? Number(obj) : name === 'imag' ? 0 : undefined;
  return undefined;
}

/** `obj.name` */
export function getAttr(obj: unknown, name: string): unknown {
  if (obj instanceof Undef) return obj.fail();
  if (isDotDict(obj)) return dotDictAttr(obj, name);
  const attribute = pythonAttribute(obj, name);
  if (attribute !== undefined) return attribute;
  const item = itemOrUndefined(obj, name);
  return item !== undefined ? item : noAttribute(obj, name);
}

/** `obj[key]` */
export function getItem(obj: unknown, key: unknown): unknown {
  if (obj instanceof Undef) return obj.fail();
  if (key instanceof Undef) return key.fail();
  const found = itemOrUndefined(obj, key);
  if (found !== undefined) return found;
  if (typeof key !== 'string') return noElement(obj, key);
  if (isDotDict(obj)) return dotDictAttr(obj, key);
  return pythonAttribute(obj, key) ?? noAttribute(obj, key);
}

/** The item, or undefined when Python's `obj[key]` would raise. */
function itemOrUndefined(obj: unknown, key: unknown): unknown {
  if (Array.isArray(obj) || typeof obj === 'string') {
    if (typeof key !== 'number' && typeof key !== 'boolean') return undefined;
    const index = Number(key);
    if (!Number.isInteger(index)) return undefined;
    const items = typeof obj === 'string' ? codePoints(obj) : obj;
    const at = index < 0 ? items.length + index : index;
    return at >= 0 && at < items.length ? items[at] : undefined;
  }
  if (isDict(obj)) {
    const name = dictKey(key);
    return name !== undefined && hasOwn(obj, name) ? obj[name] : undefined;
  }
  return undefined;
}

/** `obj[start:stop:step]` with Python's clamping rules. */
export function getSlice(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  if (obj instanceof Undef) return obj.fail();
  const isString = typeof obj === 'string';
  if (!isString && !Array.isArray(obj)) return noElement(obj, 'slice');
  const items = isString ? codePoints(obj as string) : (obj as unknown[]);
  const stride = step === null || step === undefined ? 1 : Number(step);
  if (stride === 0) throw valueError('slice step cannot be zero');
  const n = items.length;
  const clamp = (value: unknown, fallback: number, lo: number, hi: number): number => {
    if (value === null || value === undefined) return fallback;
    const v = Number(value);
    return Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
  };
  const from = stride > 0 ? clamp(start, 0, 0, n) : clamp(start, n - 1, -1, n - 1);
  const to = stride > 0 ? clamp(stop, n, 0, n) : clamp(stop, -1, -1, n - 1);
  const out: unknown[] = [];
  for (let i = from; stride > 0 ? i < to : i > to; i += stride) out.push(items[i]);
  if (isString) return out.join('');
  return arrayKind(obj as unknown[]) === 'tuple' ? tagArray(out, 'tuple') : out;
}
