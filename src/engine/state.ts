import type { State } from '../observe/events.js';
import { isPlainMapping } from '../util/json-value.js';

/** A node's result as an update: a mapping as is, anything else `{"result": value}` (core.md §1.7). */
export function asUpdate(result: unknown): State {
  return isPlainMapping(result) ? result : { result: result ?? null };
}

/** Shallow merge, as Python's `dict.update`: nested mappings are replaced, not merged. */
export function mergeUpdate(state: State, update: State): void {
  Object.assign(state, update);
}

/** Makes `live` equal to `next` in place, so holders of the live object see a runtime's in-place edits. */
export function adoptState(live: State, next: State): void {
  for (const key of Object.keys(live)) if (!(key in next)) delete live[key];
  Object.assign(live, next);
}

/** A deep copy through JSON: branches and scoped runs never share objects with their parent. */
export function deepCopy<T>(value: T): T {
  return structuredClone(value);
}
