/**
 * Python floats with an integral value (`2.0`) in a JSON state. JavaScript has one number
 * type, so a `2.0` from a Python block would come back as `2`, and TEA prints `2.0` (its
 * final state is `json.dumps`, core.md §4.2; the next Python block gets a float). Python's
 * `NaN` and `Infinity`, which `json.dumps` writes and JSON.parse refuses, travel the same way.
 *
 * Numbers stay plain numbers everywhere; what we remember is, per container and key, that the
 * value there was read as a float. The JSON writers print those with `.0`. A mark applies
 * only while the container still holds the same number, and a copy made without these
 * helpers simply forgets it: that number then prints as `2`, never as something else.
 */
// Per container: key (an array's by index number) → the number that was a float there.
const marks = new WeakMap<object, Map<string | number, number>>();
const keyIn = (container: object, key: string | number): string | number => (Array.isArray(container) ? Number(key) : String(key));
// Nothing pays for any of this until a float has been seen.
let seen = false;

/** Python's repr of an integral float: `2.0`, `-0.0`, and from 1e16 on `1e+16`. */
export function integralFloatRepr(value: number): string {
  if (Object.is(value, -0)) return '-0.0';
  return Math.abs(value) < 1e16 ? `${value}.0` : value.toExponential();
}

/** A marked float as Python's `json.dumps` writes it: `2.0`, `NaN`, `-Infinity`. */
function floatJson(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return integralFloatRepr(value);
}

export function markFloat(container: object, key: string | number, value: number): void {
  seen = true;
  let byKey = marks.get(container);
  if (!byKey) marks.set(container, (byKey = new Map()));
  byKey.set(keyIn(container, key), value);
}

/** Whether `container[key]` is a number that was read as a Python float. */
export function isFloatAt(container: object, key: string | number): boolean {
  if (!seen) return false;
  const value = (container as Record<string | number, unknown>)[key];
  return typeof value === 'number' && isMarked(marks.get(container), keyIn(container, key), value);
}

/** `2.0` when `container[key]` is a finite number read as a Python float; else undefined (print it as usual). */
export function floatTextAt(container: object, key: string | number): string | undefined {
  const value = (container as Record<string | number, unknown>)[key];
  return typeof value === 'number' && Number.isFinite(value) && isFloatAt(container, key) ? integralFloatRepr(value) : undefined;
}

/** `Object.assign(target, source)` that also carries the floats' marks, and drops the marks of overwritten keys. */
export function assignKeepingFloats<T extends object>(target: T, source: object): T {
  Object.assign(target, source);
  if (!seen) return target;
  const from = marks.get(source);
  const to = marks.get(target);
  for (const key of Object.keys(source)) {
    const value = (source as Record<string, unknown>)[key];
    if (typeof value === 'number' && isMarked(from, keyIn(source, key), value)) markFloat(target, key, value);
    else to?.delete(keyIn(target, key));
  }
  return target;
}

/** `{...a, ...b}` with the floats' marks of both. */
export function spreadKeepingFloats<T extends object>(...parts: object[]): T {
  const out = {} as T;
  for (const part of parts) assignKeepingFloats(out, part);
  return out;
}

/** Copies the marks of `from` onto its deep copy `to` (same shape). */
export function copyFloatMarks(from: unknown, to: unknown): void {
  if (!seen || typeof from !== 'object' || from === null || typeof to !== 'object' || to === null) return;
  const byKey = marks.get(from);
  for (const key of Object.keys(from)) {
    const value = (from as Record<string, unknown>)[key];
    if (typeof value === 'object') copyFloatMarks(value, (to as Record<string, unknown>)[key]);
    else if (typeof value === 'number' && isMarked(byKey, keyIn(from, key), value)) markFloat(to, key, value);
  }
}

function isMarked(byKey: Map<string | number, number> | undefined, key: string | number, value: number): boolean {
  const marked = byKey?.get(key);
  return marked !== undefined && Object.is(marked, value);
}

// Integral floats in JSON text become the string "\u0000tea-float:2.0" before JSON.parse; a
// walk then turns each back into the number 2 and a mark on its container. On the way out,
// marked floats become such strings and the quotes come off after JSON.stringify.
const floatTag = '\u0000tea-float:';
const jsonTokens = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|-?Infinity|NaN/g;
// Cheap first look: `2.0`, `1e3`, `1.5e+3`, `NaN`, `Infinity` (not `0.05` or `1e-05`, common
// in float-heavy data).
const maybeIntegralFloat = /\d\.0+(?!\d)|\d[eE]\+?\d|NaN|Infinity/;

/** JSON.parse that remembers which integral numbers were written as floats (`2.0`, `1e3`). */
export function parseJsonKeepingFloats(text: string): unknown {
  if (!maybeIntegralFloat.test(text)) return JSON.parse(text);
  let tagged = false;
  const rewritten = text.replace(jsonTokens, (token) => {
    if (token.charCodeAt(0) === 34) return token;
    const number = Number(token);
    if (Number.isFinite(number) && (!/[.eE]/.test(token) || !Number.isInteger(number))) return token;
    tagged = true;
    return `"\\u0000tea-float:${token}"`;
  });
  if (!tagged) return JSON.parse(text);
  return withoutFloatTags(JSON.parse(rewritten));
}

/**
 * Turns the float tag strings in `value` (in place) back into numbers with their marks; for
 * values from where the marks cannot go (a Lua worker thread), which tag floats the same way.
 */
export function withoutFloatTags<T>(value: T): T {
  untag(value);
  return value;
}

function untag(container: unknown): void {
  if (typeof container !== 'object' || container === null) return;
  const untagAt = (items: Record<string | number, unknown>, key: string | number) => {
    const item = items[key];
    if (typeof item === 'object') untag(item);
    else if (typeof item === 'string' && item.startsWith(floatTag)) {
      const number = Number(item.slice(floatTag.length));
      items[key] = number;
      markFloat(container, key, number);
    }
  };
  if (Array.isArray(container)) for (let index = 0; index < container.length; index++) untagAt(container as unknown as Record<number, unknown>, index);
  else for (const key of Object.keys(container)) untagAt(container as Record<string, unknown>, key);
}

const taggedFloat = /"\\u0000tea-float:([^"]*)"/g;

/** JSON.stringify that writes the marked floats as Python does (`2.0`, `1e+16`). */
export function stringifyJsonKeepingFloats(value: unknown, space?: number): string {
  if (!seen) return JSON.stringify(value, null, space);
  const withTags = withFloatTags(value);
  const text = JSON.stringify(withTags, null, space);
  return withTags === value ? text : text.replace(taggedFloat, '$1');
}

/** `value` with its marked floats as tag strings: the same object where it holds none. */
export function withFloatTags(value: unknown): unknown {
  if (!seen) return value;
  return tagFloats(value);
}

function tagFloats(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') return value;
  const byKey = marks.get(value);
  let copy: Record<string, unknown> | unknown[] | undefined;
  const items = value as Record<string, unknown>;
  const keys = Object.keys(items);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = items[key];
    const marked = typeof item === 'number' && isMarked(byKey, keyIn(value, key), item);
    const next = marked ? `${floatTag}${floatJson(item)}` : tagFloats(item);
    if (next !== item && copy === undefined) copy = Array.isArray(value) ? [...value] : { ...items };
    if (copy !== undefined) (copy as Record<string, unknown>)[key] = next;
  }
  return copy ?? value;
}
