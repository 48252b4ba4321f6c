/**
 * Jinja2 filters take Python arguments: positional ones, then keywords by name
 * (`map(attribute='x')`, `default('fb', true)`, `sort(reverse=true)`). `bind` maps both onto
 * one parameter list so each filter reads `params.attribute` whichever way it was passed.
 */
import { typeError } from '../errors.js';
import { getItem } from '../python/lookup.js';
import { Undef, splitArgs } from '../python/values.js';
import type { FilterFn } from '../runtime.js';

export type Params = Record<string, unknown>;

/** Positional then keyword arguments onto `names`; unfilled names take `defaults`. */
export function bind(filter: string, names: string[], raw: unknown[], defaults: Params = {}): Params {
  const { args, kwargs } = splitArgs(raw);
  if (args.length > names.length) {
    throw typeError(`${filter}() takes up to ${names.length} arguments (${args.length} given)`);
  }
  const params: Params = { ...defaults };
  names.forEach((name, i) => {
    if (i < args.length) params[name] = args[i];
  });
  for (const [key, value] of Object.entries(kwargs)) {
    if (!names.includes(key)) throw typeError(`${filter}() got an unexpected keyword argument '${key}'`);
    params[key] = value;
  }
  return params;
}

/** Jinja2's `make_attrgetter`: `'a.b'` / `'0'` looked up part by part with item-first semantics. */
export function attrGetter(attribute: unknown, fallback?: unknown): (item: unknown) => unknown {
  const parts = typeof attribute === 'string' ? attribute.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [attribute];
  return (item) => {
    let value = item;
    for (const part of parts) value = getItem(value, part);
    return value instanceof Undef && fallback !== undefined ? fallback : value;
  };
}

/** Case-insensitive comparisons lower strings only (Jinja2's `ignore_case`). */
export const ignoreCase = (value: unknown): unknown => (typeof value === 'string' ? value.toLowerCase() : value);

export type FilterImpl = (value: unknown, raw: unknown[]) => unknown;

/** Most filters fail on an undefined input, as StrictUndefined does when they touch it. */
export function strict(fn: FilterImpl): FilterFn {
  return (value, raw) => (value instanceof Undef ? value.fail() : fn(value, raw));
}
