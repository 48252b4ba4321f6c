import type { State } from '../observe/events.js';
import { isPlainMapping } from '../util/json-value.js';
import { assignKeepingFloats, copyFloatMarks } from '../util/python-floats.js';

/** A node's result as an update: a mapping as is, anything else `{"result": value}` (core.md §1.7). */
export function asUpdate(result: unknown): State {
  return isPlainMapping(result) ? result : { result: result ?? null };
}

/** Shallow merge, as Python's `dict.update`: nested mappings are replaced, not merged. */
export function mergeUpdate(state: State, update: State): void {
  assignKeepingFloats(state, update);
}

/** Makes `live` equal to `next` in place, so holders of the live object see a runtime's in-place edits. */
export function adoptState(live: State, next: State): void {
  for (const key of Object.keys(live)) if (!(key in next)) delete live[key];
  assignKeepingFloats(live, next);
}

/** A deep copy of JSON values (Python floats stay floats): branches and scoped runs never share objects with their parent. */
export function deepCopy<T>(value: T): T {
  const copy = structuredClone(value);
  copyFloatMarks(value, copy);
  return copy;
}
