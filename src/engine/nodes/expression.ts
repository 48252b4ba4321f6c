import type { State } from '../../observe/events.js';
import type { NodeSpec } from '../../spec/model.js';
import { TeaError, errorText, isTeaError } from '../../errors.js';
import type { RunContext } from '../run-context.js';
import { runPython } from './run-code.js';

/** `run: {type: expression, value, output_key}`: one Python expression (core.md §2.3). */
export async function runExpression(node: NodeSpec, state: State, context: RunContext): Promise<State> {
  const { value, outputKey } = node.expression!;
  try {
    const value_ = await runPython(node, 'expression', String(value ?? ''), state, context);
    return { [outputKey ?? 'result']: value_ ?? null };
  } catch (error) {
    const message = `Error evaluating expression '${String(value)}': ${errorText(error)}`;
    throw new TeaError('NODE_FAILED', message, { node: node.name, detail: isTeaError(error) ? error.detail : undefined, cause: error });
  }
}
