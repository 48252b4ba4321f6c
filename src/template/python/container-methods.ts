/**
 * Python `dict` and `list` methods: every TEA `when:` uses `state.get('k', d)` (core.md §3.4),
 * and `{% for k, v in d.items() %}` needs `items()` to return pairs.
 */
import { PyError, typeError, valueError } from '../errors.js';
import { pyEq, pyOrder } from './compare.js';
import { pyRepr } from './repr.js';
import { hasOwn, isDict, pyIter, splitArgs, tagArray, tuple, typeName } from './values.js';

type Method<T> = (self: T, args: unknown[], kwargs: Record<string, unknown>) => unknown;
type Dict = Record<string, unknown>;

/** Dict keys are strings here (JSON); numbers are looked up by their text, other types are never keys. */
export function dictKey(key: unknown): string | undefined {
  if (typeof key === 'string') return key;
  if (typeof key === 'number') return String(key);
  if (Array.isArray(key) || isDict(key)) throw typeError(`unhashable type: '${typeName(key)}'`);
  return undefined;
}

function updateFrom(target: Dict, source: unknown): void {
  if (source === undefined) return;
  if (isDict(source)) {
    Object.assign(target, source);
    return;
  }
  for (const pair of pyIter(source)) {
    const [k, v] = pyIter(pair);
    const key = dictKey(k);
    if (key !== undefined) target[key] = v;
  }
}

export const DICT_METHODS: Record<string, Method<Dict>> = {
  get: (d, [k, fallback = null]) => {
    const key = dictKey(k);
    return key !== undefined && hasOwn(d, key) ? d[key] : fallback;
  },
  keys: (d) => tagArray(Object.keys(d), 'dict_keys'),
  values: (d) => tagArray(Object.values(d), 'dict_values'),
  items: (d) => tagArray(Object.entries(d).map((pair) => tuple(pair)), 'dict_items'),
  pop: (d, [k, ...fallback]) => {
    const key = dictKey(k);
    if (key !== undefined && hasOwn(d, key)) {
      const value = d[key];
      delete d[key];
      return value;
    }
    if (fallback.length > 0) return fallback[0];
    throw new PyError('KeyError', pyRepr(k));
  },
  popitem: (d) => {
    const last = Object.keys(d).pop();
    if (last === undefined) throw new PyError('KeyError', "'popitem(): dictionary is empty'");
    const value = d[last];
    delete d[last];
    return tuple([last, value]);
  },
  update: (d, [source], kwargs) => {
    updateFrom(d, source);
    Object.assign(d, kwargs);
    return null;
  },
  copy: (d) => ({ ...d }),
  clear: (d) => {
    for (const key of Object.keys(d)) delete d[key];
    return null;
  },
  setdefault: (d, [k, fallback = null]) => {
    const key = dictKey(k);
    if (key === undefined) return fallback;
    if (!hasOwn(d, key)) d[key] = fallback;
    return d[key];
  },
};

/** The dict methods a DotDict keeps when no key of that name exists (TEA's `_DICT_METHODS_TO_PRESERVE`). */
export const DOTDICT_METHODS = new Set(['get', 'pop', 'update', 'copy', 'clear', 'setdefault', 'keys', 'values', 'items']);

function indexOf(list: unknown[], value: unknown): number {
  const at = list.findIndex((item) => pyEq(item, value));
  if (at < 0) throw valueError(`${pyRepr(value)} is not in list`);
  return at;
}

export const LIST_METHODS: Record<string, Method<unknown[]>> = {
  append: (l, [v]) => (l.push(v), null),
  extend: (l, [vs]) => (l.push(...pyIter(vs)), null),
  insert: (l, [i, v]) => (l.splice(Number(i) < 0 ? Math.max(0, l.length + Number(i)) : Number(i), 0, v), null),
  pop: (l, [i]) => {
    if (l.length === 0) throw new PyError('IndexError', 'pop from empty list');
    const at = i === undefined ? l.length - 1 : Number(i) < 0 ? l.length + Number(i) : Number(i);
    if (at < 0 || at >= l.length) throw new PyError('IndexError', 'pop index out of range');
    return l.splice(at, 1)[0];
  },
  remove: (l, [v]) => (l.splice(indexOf(l, v), 1), null),
  index: (l, [v]) => indexOf(l, v),
  count: (l, [v]) => l.filter((item) => pyEq(item, v)).length,
  copy: (l) => [...l],
  clear: (l) => (l.splice(0), null),
  reverse: (l) => (l.reverse(), null),
  sort: (l, _args, kw) => {
    const sign = kw.reverse === true ? -1 : 1;
    l.sort((a, b) => sign * pyOrder(a, b));
    return null;
  },
};

export const TUPLE_METHODS = new Set(['index', 'count']);

/** Bind a container method to a callable that takes nunjucks call arguments. */
export function bindMethod<T>(self: T, name: string, method: Method<T>): (...raw: unknown[]) => unknown {
  const bound = (...raw: unknown[]): unknown => {
    const { args, kwargs } = splitArgs(raw);
    return method(self, args, kwargs);
  };
  Object.defineProperty(bound, 'name', { value: name });
  return bound;
}
