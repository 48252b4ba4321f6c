import { TeaError, isTeaError } from '../../errors.js';
import { createRunContext } from '../../engine/run.js';
import type { RunOptions } from '../../engine/run-context.js';
import type { State, TeaEvent } from '../../observe/events.js';
import { runBranchBody } from '../../parallel/branch-body.js';
import type { BranchSpec } from '../../parallel/branch.js';
import type { Workflow } from '../../spec/model.js';
import { isFloatAt } from '../../util/python-floats.js';

/**
 * `tea run WF --branch NODE`: one item of a dynamic_parallel node, as a child process of
 * the process strategy. The input state already holds the item and its index.
 */
export async function runBranch(
  workflow: Workflow,
  nodeName: string,
  input: State,
  options: RunOptions,
  emit: (event: TeaEvent) => void,
): Promise<{ state?: State; error?: TeaError }> {
  const dynamic = workflow.nodes.find((candidate) => candidate.name === nodeName)?.dynamic;
  const index = dynamic && typeof input[dynamic.indexVar] === 'number' ? (input[dynamic.indexVar] as number) : 0;
  // This process is the branch: its own prints are plain, only nested branches keep a tag.
  const isSelf = (event: TeaEvent) => 'branch' in event && event.branch?.node === nodeName && event.branch.index === index;
  const context = createRunContext(workflow, options, (event) => emit(isSelf(event) ? { ...event, branch: undefined } as TeaEvent : event));
  const node = context.graph.nodes.get(nodeName);
  if (!node?.dynamic) {
    return { error: new TeaError('BAD_INPUT', `--branch needs a dynamic_parallel node; '${nodeName}' is not one`, { node: nodeName }) };
  }
  const { itemVar, indexVar } = node.dynamic;
  const spec: BranchSpec = {
    ref: { node: nodeName, index, name: `${nodeName}[${index}]` },
    body: { kind: 'node', node: nodeName },
    state: input,
    item: { value: input[itemVar], itemVar, indexVar, float: isFloatAt(input, itemVar) },
  };
  try {
    return { state: await runBranchBody(spec, context, context.signal) };
  } catch (error) {
    const teaError = isTeaError(error) ? error : new TeaError('NODE_FAILED', String((error as Error)?.message ?? error), { node: nodeName });
    emit({ type: 'error', node: teaError.node ?? nodeName, message: teaError.message, error: teaError });
    return { error: teaError };
  }
}
