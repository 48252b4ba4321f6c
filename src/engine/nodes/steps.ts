import type { State } from '../../observe/events.js';
import type { NodeSpec } from '../../spec/model.js';
import type { RunContext } from '../run-context.js';
import { isPlainMapping } from '../../util/json-value.js';
import { assignKeepingFloats, spreadKeepingFloats } from '../../util/python-floats.js';

export type ExecuteFn = (node: NodeSpec, state: State, context: RunContext) => Promise<unknown>;

/**
 * `steps:` run in order on a shallow copy; a mapping result updates the copy, other results
 * are ignored, and the node's update is the whole copy (core.md §2.6).
 */
export async function runSteps(steps: NodeSpec[], state: State, context: RunContext, execute: ExecuteFn): Promise<State> {
  const working = spreadKeepingFloats<State>(state);
  for (const step of steps) {
    const update = await execute(step, working, context);
    if (isPlainMapping(update)) assignKeepingFloats(working, update);
  }
  return working;
}
