import path from 'node:path';
import type { RunContext } from '../engine/run-context.js';
import { conditionHolds } from '../engine/navigation.js';
import { deepCopy } from '../engine/state.js';
import { makeTemplateContext } from '../engine/template-context.js';
import type { State } from '../observe/events.js';
import type { NodeSpec } from '../spec/model.js';
import { assignTemplate } from '../template/index.js';
import { isPlainMapping } from '../util/json-value.js';
import type { BranchSpec } from './branch.js';
import { evaluateItems } from './items.js';
import { isFailureAllowed, resolveBranchPolicy, type BranchPolicy } from './branch-policy.js';
import { parallelSettings, resolveFailFast, resolveMaxConcurrency, resolveStrategy, staticMaxConcurrency, type StrategyName } from './settings.js';
import { TeaError } from '../errors.js';
import { resolveSubgraph } from '../spec/subgraphs.js';
import { withSharedBase } from './branch-state.js';
import { isFloatAt, spreadKeepingFloats } from '../util/python-floats.js';
import { itemOverlay } from './record.js';

export interface FanOutPlan {
  /** The fan-out node. */
  node: string;
  specs: BranchSpec[];
  maxConcurrency: number;
  strategy: StrategyName;
  policy: BranchPolicy;
}

/** One branch per item of a `dynamic_parallel` node, in input order (parallel.md §3). */
export function planDynamic(node: NodeSpec, state: State, context: RunContext): FanOutPlan {
  const spec = node.dynamic!;
  const templateContext = makeTemplateContext(context.workflow, state, context.secrets);
  const items = evaluateItems(node.name, spec.items, templateContext);
  guardItemCount(node.name, items.length, spec.parallel.max_items ?? parallelSettings(context.workflow.settings).max_items);
  const maxConcurrency = resolveMaxConcurrency(node.name, spec, items.length, templateContext);
  const policy = resolveBranchPolicy(node.name, context.workflow.settings, spec.parallel, resolveFailFast(spec.failFast, templateContext));
  const workflowDir = path.dirname(context.workflow.absoluteFile);
  // One snapshot for every branch; each branch's state is this plus its item and index.
  const base = deepCopy(state);
  const specs = items.map((item, index): BranchSpec => {
    const itemInfo = { value: item, itemVar: spec.itemVar, indexVar: spec.indexVar, float: isFloatAt(items, index) };
    const ref = { node: node.name, index, name: `${node.name}[${index}]`, label: labelOf(item) };
    const overlay = itemOverlay({ ref, item: itemInfo } as BranchSpec);
    const branchState = spreadKeepingFloats<State>(base, overlay);
    const allowFailure = isFailureAllowed(spec.parallel.allow_failure, makeTemplateContext(context.workflow, branchState, context.secrets));
    if (spec.mode !== 'subgraph') return withSharedBase({ ref, body: { kind: 'node', node: node.name }, item: itemInfo, allowFailure }, base, overlay);
    return {
      ref,
      body: { kind: 'subgraph', file: resolveSubgraph(workflowDir, spec.subgraph!) },
      state: subgraphInput(spec.input, branchState, itemInfo, context),
      item: itemInfo,
      allowFailure,
    };
  });
  return { node: node.name, specs, maxConcurrency, strategy: resolveStrategy(context.workflow.settings, spec.parallel.strategy, context.options.strategy), policy };
}

/** Default `max_items`: a typo that fans out over a huge list fails instead of starting a million processes. */
export const defaultMaxItems = 100_000;

function guardItemCount(node: string, count: number, limit: unknown): void {
  const max = limit === undefined || limit === null ? defaultMaxItems : Number(limit);
  if (!Number.isInteger(max) || max < 1) {
    throw new TeaError('BAD_INPUT', `Node '${node}': expected \`max_items\` to be a positive integer, got \`${JSON.stringify(limit)}\``, { node });
  }
  if (count > max) {
    throw new TeaError(
      'NODE_FAILED',
      `dynamic_parallel node '${node}': items has ${count} elements, more than max_items (${max}); ` +
        'raise max_items on the node or in settings.parallel if this is intended',
      { node },
    );
  }
}

/** One branch per parallel edge whose condition holds (D20), in edge order. */
export function planStatic(from: string, state: State, context: RunContext): FanOutPlan {
  const fanOut = context.graph.fanOuts.get(from)!;
  const templateContext = makeTemplateContext(context.workflow, state, context.secrets);
  const branches = fanOut.branches.filter((branch) => conditionHolds(branch.condition, templateContext));
  const base = deepCopy(state);
  const specs = branches.map(
    (branch, index): BranchSpec =>
      withSharedBase({ ref: { node: from, index, name: branch.to }, body: { kind: 'path', entry: branch.to, exit: fanOut.fanIn } }, base, {}),
  );
  return {
    node: from,
    specs,
    maxConcurrency: staticMaxConcurrency(context.workflow.settings),
    strategy: resolveStrategy(context.workflow.settings, undefined, context.options.strategy),
    policy: resolveBranchPolicy(from, context.workflow.settings, {}, false),
  };
}

/**
 * The child workflow's whole initial state: `input:` templates rendered against the branch
 * state, or (D4) the item and index when there is no `input:` (TEA starts from `{}`).
 */
function subgraphInput(
  input: Record<string, unknown> | undefined,
  branchState: State,
  item: { value: unknown; itemVar: string; indexVar: string },
  context: RunContext,
): State {
  if (!input) return { [item.itemVar]: item.value, [item.indexVar]: branchState[item.indexVar] };
  const templateContext = makeTemplateContext(context.workflow, branchState, context.secrets);
  const rendered: State = {};
  for (const [key, value] of Object.entries(input)) {
    if (typeof value === 'string') assignTemplate(rendered, key, value, templateContext);
    else rendered[key] = value;
  }
  return rendered;
}

/** A short label for an item, for prefixes and progress: the text itself, or a JSON excerpt. */
function labelOf(item: unknown): string {
  const text = typeof item === 'string' ? item : isPlainMapping(item) || Array.isArray(item) ? JSON.stringify(item) : String(item);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
