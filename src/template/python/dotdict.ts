/**
 * TEA wraps every mapping it hands to a template in a DotDict (core.md §3.2): a shallow copy
 * whose `.key` gives the value (mappings re-wrapped), whose keys shadow dict methods, and
 * whose misses are None rather than Undefined. A DotDict here is that same shallow copy —
 * a plain object, so filters and callers see ordinary JSON — remembered in a WeakSet.
 */
import { bindMethod, DICT_METHODS, DOTDICT_METHODS } from './container-methods.js';
import { Undef, hasOwn, isDict } from './values.js';
import { spreadKeepingFloats } from '../../util/python-floats.js';

const dotDicts = new WeakSet<object>();

export function toDotDict(raw: Record<string, unknown>): Record<string, unknown> {
  const copy = spreadKeepingFloats<Record<string, unknown>>(raw);
  dotDicts.add(copy);
  return copy;
}

export function isDotDict(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && dotDicts.has(value);
}

/** `dotdict.name`, TEA's `DotDict.__getattribute__`. */
export function dotDictAttr(dict: Record<string, unknown>, name: string): unknown {
  if (hasOwn(dict, name)) {
    const value = dict[name];
    // Names starting with `_` take Python's normal attribute path, then Jinja's item fallback: no re-wrap.
    return isDict(value) && !name.startsWith('_') ? toDotDict(value) : value;
  }
  if (DOTDICT_METHODS.has(name)) return bindMethod(dict, name, DICT_METHODS[name]!);
  if (name.startsWith('_')) return new Undef(`'dict object' has no attribute '${name}'`);
  return null;
}
