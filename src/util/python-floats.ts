/**
 * Python floats with an integral value (`2.0`) in a JSON state. JavaScript has one number
 * type, so a `2.0` from a Python block would come back as `2`, and TEA prints `2.0` (its
 * final state is `json.dumps`, core.md §4.2; the next Python block gets a float).
 *
 * Numbers stay plain numbers everywhere; what we remember is, per container and key, that the
 * value there was read as a float. The JSON writers print those with `.0`. A mark applies
 * only while the container still holds the same number, and a copy made without these
 * helpers simply forgets it: that number then prints as `2`, never as something else.
 */
const marks = new WeakMap<object, Map<string, number>>();
// Nothing pays for any of this until a float has been seen.
let seen = false;

/** Python's repr of an integral float: `2.0`, `-0.0`, and from 1e16 on `1e+16`. */
export function integralFloatRepr(value: number): string {
  if (Object.is(value, -0)) return '-0.0';
  return Math.abs(value) < 1e16 ? `${value}.0` : value.toExponential();
}

export function floatsSeen(): boolean {
  return seen;
}

export function markFloat(container: object, key: string | number, value: number): void {
  seen = true;
  let byKey = marks.get(container);
  if (!byKey) marks.set(container, (byKey = new Map()));
  byKey.set(String(key), value);
}

/** Whether `container[key]` is a number that was read as a Python float. */
export function isFloatAt(container: object, key: string | number): boolean {
  if (!seen) return false;
  const marked = marks.get(container)?.get(String(key));
  return marked !== undefined && (container as Record<string, unknown>)[key as string] === marked;
}

/** `Object.assign(target, source)` that also carries the floats' marks, and drops the marks of overwritten keys. */
export function assignKeepingFloats<T extends object>(target: T, source: object): T {
  Object.assign(target, source);
  if (!seen) return target;
  const from = marks.get(source);
  const to = marks.get(target);
  for (const key of Object.keys(source)) {
    const value = (source as Record<string, unknown>)[key];
    if (from?.get(key) === value) markFloat(target, key, value as number);
    else to?.delete(key);
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
    else if (byKey?.get(key) === value) markFloat(to, key, value as number);
  }
}

// Integral floats in JSON text become `{"\u0000tea-float": 2.0}` before JSON.parse, which
// the reviver turns back into 2 and a mark on its container.
const floatTag = '\u0000tea-float';
const jsonTokens = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
// Cheap first look: `2.0`, `1e3`, `1.5e+3` (not `0.05` or `1e-05`, common in float-heavy data).
const maybeIntegralFloat = /\d\.0+(?!\d)|\d[eE]\+?\d/;

/** JSON.parse that remembers which integral numbers were written as floats (`2.0`, `1e3`). */
export function parseJsonKeepingFloats(text: string): unknown {
  if (!maybeIntegralFloat.test(text)) return JSON.parse(text);
  let tagged = false;
  const rewritten = text.replace(jsonTokens, (token) => {
    if (token.startsWith('"') || !/[.eE]/.test(token) || !Number.isInteger(Number(token))) return token;
    tagged = true;
    return `{"\\u0000tea-float":${token}}`;
  });
  if (!tagged) return JSON.parse(text);
  return JSON.parse(rewritten, function revive(this: object, key: string, value: unknown) {
    if (typeof value === 'object' && value !== null && floatTag in value) {
      const number = (value as Record<string, number>)[floatTag]!;
      markFloat(this, key, number);
      return number;
    }
    return value;
  });
}

const taggedFloat = /"\\u0000tea-float:([^"]*)"/g;

/** JSON.stringify that writes the marked floats as Python does (`2.0`, `1e+16`). */
export function stringifyJsonKeepingFloats(value: unknown, space?: number): string {
  if (!seen) return JSON.stringify(value, null, space);
  let tagged = false;
  const text = JSON.stringify(value, function replace(this: object, key: string, item: unknown) {
    if (typeof item !== 'number' || !isFloatAt(this, key)) return item;
    tagged = true;
    return `${floatTag}:${integralFloatRepr(item)}`;
  }, space);
  return tagged ? text.replace(taggedFloat, '$1') : text;
}
