/**
 * How Python values are represented inside a render. JSON values map to themselves
 * (null = None, number = int/float, array = list, plain object = dict); the few Python
 * types JSON lacks are tags on arrays (tuple, dict views) or small classes (Undefined,
 * Namespace).
 */
import { JinjaError, typeError } from '../errors.js';

/**
 * Jinja2's StrictUndefined: any use raises; only `is defined`, `default` and the final value
 * of a single expression (→ None) survive it. `lenient` is Jinja2's plain Undefined, which
 * an inline `if` without `else` yields: it prints as '', is false, empty and unequal to values.
 */
export class Undef {
  readonly message: string;
  readonly lenient: boolean;

  constructor(message: string, lenient = false) {
    this.message = message;
    this.lenient = lenient;
  }

  fail(): never {
    throw new JinjaError(this.message);
  }

  /** A stray undefined inside a returned container serialises as null instead of `{message}`. */
  toJSON(): null {
    return null;
  }
}

/** Jinja2's `namespace()`: the one object `{% set ns.x = … %}` may assign to. */
export class Namespace {
  readonly attrs: Record<string, unknown>;

  constructor(attrs: Record<string, unknown>) {
    this.attrs = attrs;
  }
}

export type ArrayKind = 'list' | 'tuple' | 'dict_keys' | 'dict_values' | 'dict_items';
const arrayKinds = new WeakMap<unknown[], ArrayKind>();

/** Mark an array as a tuple or dict view so it prints and compares as Python would. */
export function tagArray<T extends unknown[]>(items: T, kind: ArrayKind): T {
  arrayKinds.set(items, kind);
  return items;
}

export const tuple = <T extends unknown[]>(items: T): T => tagArray(items, 'tuple');

export function arrayKind(items: unknown[]): ArrayKind {
  return arrayKinds.get(items) ?? 'list';
}

export function isDict(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export const hasOwn = (obj: object, key: string): boolean => Object.prototype.hasOwnProperty.call(obj, key);

/** Python's `type(v).__name__`, for error messages. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string' || value instanceof String) return 'str';
  if (Array.isArray(value)) return arrayKind(value);
  if (typeof value === 'function') return 'builtin_function_or_method';
  if (value instanceof Namespace) return 'Namespace';
  if (value instanceof Undef) return 'StrictUndefined';
  if (isDict(value)) return 'dict';
  return (value as object).constructor?.name ?? 'object';
}

/** Python's `bool(v)`; an undefined value raises as StrictUndefined does. */
export function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'number':
      return value !== 0;
    case 'string':
      return value.length > 0;
    case 'object':
      if (Array.isArray(value)) return value.length > 0;
      if (value instanceof Undef) return value.lenient ? false : value.fail();
      if (value instanceof String) return value.length > 0;
      if (isDict(value)) return Object.keys(value).length > 0;
      return true;
    default:
      return true;
  }
}

export interface CallArgs {
  args: unknown[];
  kwargs: Record<string, unknown>;
}

/** Split nunjucks call arguments: keyword arguments arrive as a last object flagged `__keywords`. */
export function splitArgs(raw: readonly unknown[]): CallArgs {
  const last = raw[raw.length - 1];
  if (typeof last === 'object' && last !== null && hasOwn(last, '__keywords')) {
    const { __keywords: _flag, ...kwargs } = last as Record<string, unknown>;
    return { args: raw.slice(0, -1), kwargs };
  }
  return { args: [...raw], kwargs: {} };
}

/** Python strings index by code point; JS by UTF-16 unit. Only split when a surrogate is present. */
export function codePoints(text: string): string[] {
  return /[\uD800-\uDFFF]/.test(text) ? Array.from(text) : text.split('');
}

export function pyLen(value: unknown): number {
  if (typeof value === 'string') return codePoints(value).length;
  if (Array.isArray(value)) return value.length;
  if (value instanceof Undef) return value.lenient ? 0 : value.fail();
  if (value instanceof Namespace) throw typeError("object of type 'Namespace' has no len()");
  if (isDict(value)) return Object.keys(value).length;
  throw typeError(`object of type '${typeName(value)}' has no len()`);
}

/** Python iteration: lists as is, dicts by key, strings by character. */
export function pyIter(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return codePoints(value);
  if (value instanceof Undef) return value.lenient ? [] : value.fail();
  if (isDict(value)) return Object.keys(value);
  throw typeError(`'${typeName(value)}' object is not iterable`);
}
