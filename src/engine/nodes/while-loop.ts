import { TeaError, errorText, isTeaError } from '../../errors.js';
import type { State } from '../../observe/events.js';
import type { NodeSpec } from '../../spec/model.js';
import { evaluateCondition } from '../../template/index.js';
import type { RunContext } from '../run-context.js';
import { makeTemplateContext } from '../template-context.js';
import type { ExecuteFn } from './steps.js';
import { isPlainMapping } from '../../util/json-value.js';
import { assignKeepingFloats, spreadKeepingFloats } from '../../util/python-floats.js';

/**
 * `type: while_loop`: on a shallow copy, up to `max_iterations` times, check the condition
 * and run the body in order; reaching the limit is not an error (core.md §2.7).
 */
export async function runWhileLoop(node: NodeSpec, state: State, context: RunContext, execute: ExecuteFn): Promise<State> {
  const loop = node.loop!;
  const working = spreadKeepingFloats<State>(state);
  for (let iteration = 0; iteration < loop.maxIterations; iteration++) {
    const templateContext = makeTemplateContext(context.workflow, working, context.secrets);
    if (!evaluateCondition(loop.condition, templateContext, 'loop')) break;
    for (const body of loop.body) {
      try {
        const update = await execute(body, working, context);
        if (isPlainMapping(update)) assignKeepingFloats(working, update);
      } catch (error) {
        const message = `Error in while_loop '${node.name}' body node '${body.name}' at iteration ${iteration}: ${errorText(error)}`;
        throw new TeaError('NODE_FAILED', message, {
          node: node.name,
          detail: isTeaError(error) ? error.detail : undefined,
          cause: error,
        });
      }
    }
  }
  return working;
}
