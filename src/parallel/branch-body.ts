import { existsSync, readFileSync } from 'node:fs';
import { TeaError, errorText, isTeaError } from '../errors.js';
import { executeNode } from '../engine/execute-node.js';
import { runSteps } from '../engine/nodes/steps.js';
import { runUses } from '../engine/nodes/uses.js';
import type { RunContext } from '../engine/run-context.js';
import { runWorkflow } from '../engine/run.js';
import type { BranchRef, State, TeaEvent } from '../observe/events.js';
import type { BranchSpec } from './branch.js';
import { prefixFor } from '../observe/prefix.js';
import { spreadKeepingFloats } from '../util/python-floats.js';
import { itemOverlay } from './record.js';

/**
 * Runs one branch in this process and returns its final state: the whole body of the
 * inline strategy, and what a child `tea run --branch` does on its side.
 */
export async function runBranchBody(spec: BranchSpec, context: RunContext, signal: AbortSignal): Promise<State> {
  const branchContext: RunContext = {
    ...context,
    signal,
    options: { ...context.options, branch: spec.ref, signal },
  };
  const { body } = spec;
  if (body.kind === 'path') {
    return runNested(branchContext, () =>
      runWorkflow(context.workflow, spec.state, { ...branchContext.options, entryPoint: body.entry, exitPoint: body.exit, resume: undefined }, context.graph),
    );
  }
  if (body.kind === 'subgraph') {
    const workflow = await loadSubgraph(body.file);
    return runNested(branchContext, () =>
      runWorkflow(workflow, spec.state, { ...branchContext.options, entryPoint: undefined, exitPoint: undefined, resume: undefined }),
    );
  }
  const node = context.graph.nodes.get(body.node) ?? findStepNode(context, body.node);
  const dynamic = node.dynamic!;
  if (dynamic.mode === 'steps') return runSteps(dynamic.steps ?? [], spec.state, branchContext, executeNode);
  const update = await runUses({ name: node.name, ...dynamic.action! }, spec.state, branchContext);
  return withItem(update, spec);
}

/** The item and index keys on top of an action's result, as TEA's action records have them. */
function withItem(state: State, spec: BranchSpec): State {
  if (!spec.item) return state;
  return spreadKeepingFloats<State>(state, itemOverlay(spec));
}

/** Runs a nested workflow run, relaying what its branch prints, and returns its final state. */
async function runNested(context: RunContext, start: () => AsyncIterable<TeaEvent> & { result: Promise<{ status: string; state: State; node?: string; error?: TeaError }> }): Promise<State> {
  const handle = start();
  for await (const event of handle) relay(event, context);
  const result = await handle.result;
  if (result.status === 'completed') return result.state;
  if (result.status === 'cancelled') throw new TeaError('NODE_FAILED', 'Cancelled', { branch: context.options.branch?.name });
  throw result.error ?? new TeaError('NODE_FAILED', `Branch stopped at ${result.node}`, { node: result.node });
}

/** Prints and logs reach the parent tagged with this branch; nested branches keep their own prefix in the text. */
function relay(event: TeaEvent, context: RunContext): void {
  const branch = context.options.branch as BranchRef;
  if (event.type === 'output' || event.type === 'log') {
    const inner = event.branch && event.branch !== branch ? prefixFor(event.branch) : '';
    const text = event.type === 'output' ? event.text : event.message;
    const relabelled = inner ? text.replace(/^(?=.)/gm, inner) : text;
    context.emit(event.type === 'output' ? { ...event, text: relabelled, branch } : { ...event, message: relabelled, branch });
  }
}

async function loadSubgraph(file: string) {
  if (!existsSync(file)) throw new TeaError('FILE_NOT_FOUND', `Subgraph not found: ${file}`, { file });
  const text = readFileSync(file, 'utf8');
  if (!text.trim()) throw new TeaError('INVALID_WORKFLOW', `Empty subgraph configuration: ${file}`, { file });
  try {
    const { loadWorkflowFromText } = await import('../spec/load-text.js');
    return loadWorkflowFromText(text, file);
  } catch (error) {
    throw new TeaError('INVALID_WORKFLOW', `Failed to load subgraph '${file}': ${errorText(error)}`, {
      file,
      cause: error,
      detail: isTeaError(error) ? error.located : undefined,
    });
  }
}

/** A dynamic_parallel node used as a step (inside another node's `steps:`). */
function findStepNode(context: RunContext, name: string) {
  const stack = [...context.workflow.nodes];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.name === name && node.dynamic) return node;
    stack.push(...(node.steps ?? []), ...(node.dynamic?.steps ?? []), ...(node.loop?.body ?? []));
  }
  throw new TeaError('INTERNAL', `No dynamic_parallel node named '${name}'`, { node: name });
}
