import type { State } from '../observe/events.js';
import { isFloatAt, markFloat, spreadKeepingFloats, stringifyJsonKeepingFloats } from '../util/python-floats.js';
import type { BranchSpec } from './branch.js';

/**
 * A branch's starting state without a copy per branch: every branch of a fan-out shares one
 * snapshot of the state (`base`) and adds its own few keys (`overlay`: the item and index).
 * `spec.state` is their shallow merge, built when read; runners that let code change it
 * (inline) deep-copy it first, the others serialise it (D14: no N copies of the state).
 */
export function withSharedBase(spec: Omit<BranchSpec, 'state'>, base: State, overlay: State): BranchSpec {
  const branch = { ...spec, base, overlay } as BranchSpec;
  Object.defineProperty(branch, 'state', { get: () => spreadKeepingFloats<State>(base, overlay), enumerable: true });
  return branch;
}

const baseJson = new WeakMap<State, string>();

/**
 * A branch's starting state as JSON, with the shared snapshot serialised once per fan-out,
 * not once per branch. The overlay's keys come after the snapshot's: JSON readers (ours,
 * Python's) keep the last of repeated keys, so an item key that shadows a state key wins,
 * as in `{...base, ...overlay}`.
 */
export function stateJsonOf(spec: BranchSpec): string {
  if (!spec.base || !spec.overlay) return stringifyJsonKeepingFloats(spec.state);
  let base = baseJson.get(spec.base);
  if (base === undefined) {
    base = stringifyJsonKeepingFloats(spec.base);
    baseJson.set(spec.base, base);
  }
  const overlay = stringifyJsonKeepingFloats(spec.overlay);
  if (overlay === '{}') return base;
  if (base === '{}') return overlay;
  return `${base.slice(0, -1)},${overlay.slice(1)}`;
}

/** What a branch child sends back instead of its whole state: the keys it set and removed. */
export interface StateDelta {
  set: State;
  unset: string[];
}

export const deltaKey = '$tea_delta';

/** The difference between a branch's starting and final state, key by key (JSON equality; `2` and `2.0` differ). */
export function diffState(before: State, after: State): StateDelta {
  const set: State = {};
  const json = stringifyJsonKeepingFloats;
  for (const [key, value] of Object.entries(after)) {
    const same = key in before && json(before[key]) === json(value) && isFloatAt(before, key) === isFloatAt(after, key);
    if (same) continue;
    set[key] = value;
    if (isFloatAt(after, key)) markFloat(set, key, value as number);
  }
  return { set, unset: Object.keys(before).filter((key) => !(key in after)) };
}

/** The final state from a delta, sharing the unchanged values with the starting state. */
export function applyDelta(start: State, delta: StateDelta): State {
  const state = spreadKeepingFloats<State>(start, delta.set);
  for (const key of delta.unset) delete state[key];
  return state;
}

/** A child's stdout state: a delta (rebuilt on `start`) or a whole state. */
export function resolveChildState(start: State, reported: State): State {
  const delta = reported[deltaKey] as StateDelta | undefined;
  return delta && Object.keys(reported).length === 1 ? applyDelta(start, delta) : reported;
}
