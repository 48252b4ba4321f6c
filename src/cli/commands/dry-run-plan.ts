import { END, START, type Graph } from '../../engine/graph.js';
import { createRunContext } from '../../engine/run.js';
import type { RunContext, RunOptions } from '../../engine/run-context.js';
import { errorText } from '../../errors.js';
import type { State } from '../../observe/events.js';
import { planDynamic, planStatic, type FanOutPlan } from '../../parallel/plan.js';
import { childArguments, teaBin } from '../../parallel/strategies/child-command.js';
import type { NodeSpec, Workflow } from '../../spec/model.js';
import { describeBranchBody, describeNode } from '../render/node-label.js';
import { conditionText, successors, type Step } from '../render/graph/walk.js';

/** One fan-out as it will run: everything `tea run --dry-run` shows (planning only, nothing starts). */
export interface PlannedFanOut {
  kind: 'dynamic' | 'static';
  node: string;
  fanIn: string;
  /** dynamic: the expression, and the items when they can be known before the run. */
  items?: { expression: string; values?: string[]; note?: string };
  itemVars?: string;
  body?: string;
  /** static: branch starts, with the edge condition when there is one. */
  branches?: { start: string; condition?: string }[];
  plan?: FanOutPlan;
  maxConcurrency: string;
  commands: string[];
  problem?: string;
}

export interface PlannedNode {
  name: string;
  does: string;
  next: string[];
  fanOuts: PlannedFanOut[];
}

/** Nodes in navigation order (breadth-first from `__start__`), each with its fan-outs planned. */
export function planDryRun(workflow: Workflow, graph: Graph, input: State, options: RunOptions): { nodes: PlannedNode[]; unreachable: string[] } {
  const context = createRunContext(workflow, options, () => undefined, graph);
  const order = navigationOrder(graph);
  const afterExecutors = reachableFromExecutors(graph);
  const planned = order.map((name): PlannedNode => {
    const node = graph.nodes.get(name)!;
    const fanOuts: PlannedFanOut[] = [];
    for (const dynamic of dynamicNodesIn(node)) fanOuts.push(planDynamicFanOut(dynamic, input, context, !afterExecutors.has(name)));
    if (graph.fanOuts.has(name)) fanOuts.push(planStaticFanOut(name, input, context));
    return { name, does: describeNode(node), next: successors(graph, name).map(stepText), fanOuts };
  });
  const startFanOut = graph.fanOuts.has(START) ? [planStaticFanOut(START, input, context)] : [];
  const start: PlannedNode[] = startFanOut.length > 0 ? [{ name: START, does: 'start', next: successors(graph, START).map(stepText), fanOuts: startFanOut }] : [];
  return { nodes: [...start, ...planned], unreachable: workflow.nodes.map((node) => node.name).filter((name) => !order.includes(name)) };
}

/** `⇉ a (parallel branch)`, `→ join (after every branch)`, `→ b (if x)`. */
function stepText(step: Step): string {
  const notes = [step.label, step.kind === 'parallel' && 'parallel branch', step.kind === 'join' && !step.label && 'join: after every branch'].filter(Boolean);
  return `${step.kind === 'parallel' ? '⇉' : '→'} ${step.to}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
}

function planDynamicFanOut(node: NodeSpec, input: State, context: RunContext, onlyInput: boolean): PlannedFanOut {
  const spec = node.dynamic!;
  const expression = typeof spec.items === 'string' ? spec.items : JSON.stringify(spec.items);
  const knowable = typeof spec.items !== 'string' || onlyInput || !/\bstate\b/.test(spec.items);
  const base = { kind: 'dynamic' as const, node: node.name, fanIn: spec.fanIn, itemVars: `${spec.itemVar}, ${spec.indexVar}`, body: describeBranchBody(node) };
  const unset = spec.maxConcurrency === undefined || spec.maxConcurrency === null;
  try {
    if (knowable) {
      const plan = planDynamic(node, input, context);
      return { ...base, plan, items: { expression, values: plan.specs.map((branch) => branch.ref.label ?? '') }, maxConcurrency: limitText(plan.maxConcurrency), commands: commandsOf(plan, context, 1) };
    }
    // One stand-in item gives the exact command and the policy; the real items come at run time.
    const plan = planDynamic({ ...node, dynamic: { ...spec, items: [null], input: undefined } }, input, context);
    return {
      ...base,
      plan,
      items: { expression, note: 'evaluated at run time: earlier nodes may change the state' },
      maxConcurrency: unset ? 'min(32, items)' : typeof spec.maxConcurrency === 'string' ? `${spec.maxConcurrency} (rendered at run time)` : limitText(plan.maxConcurrency),
      commands: commandsOf(plan, context, 1),
    };
  } catch (error) {
    return { ...base, items: { expression }, maxConcurrency: String(spec.maxConcurrency ?? 'min(32, items)'), commands: [], problem: errorText(error) };
  }
}

function planStaticFanOut(from: string, input: State, context: RunContext): PlannedFanOut {
  const fanOut = context.graph.fanOuts.get(from)!;
  const branches = fanOut.branches.map((branch) => ({ start: branch.to, condition: conditionText(branch.condition) }));
  // Conditions are evaluated after the fan-out node runs; every branch is planned here.
  const always = { ...fanOut, branches: fanOut.branches.map((branch) => ({ ...branch, condition: { kind: 'always' as const } })) };
  const graph = { ...context.graph, fanOuts: new Map(context.graph.fanOuts).set(from, always) };
  try {
    const plan = planStatic(from, input, { ...context, graph });
    return { kind: 'static', node: from, fanIn: fanOut.fanIn, branches, plan, maxConcurrency: limitText(plan.maxConcurrency), commands: commandsOf(plan, context) };
  } catch (error) {
    return { kind: 'static', node: from, fanIn: fanOut.fanIn, branches, maxConcurrency: '?', commands: [], problem: errorText(error) };
  }
}

/** The exact argv of each branch child, shell-quoted; for dynamic fan-outs one (only stdin differs). */
function commandsOf(plan: FanOutPlan, context: RunContext, limit = Infinity): string[] {
  // inline runs in this process, pool in warm `tea pool-worker`s, remote on other machines.
  if (plan.strategy !== 'process') return [];
  return plan.specs.slice(0, limit).map((spec) => [process.execPath, teaBin, ...childArguments(spec, context.workflow.absoluteFile)].map(shellQuote).join(' '));
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function limitText(limit: number): string {
  return Number.isFinite(limit) ? String(limit) : 'no limit';
}

/** dynamic_parallel nodes run by this node: itself, or inside its steps / loop body. */
function dynamicNodesIn(node: NodeSpec): NodeSpec[] {
  if (node.dynamic) return [node];
  return [...(node.steps ?? []), ...(node.loop?.body ?? [])].flatMap(dynamicNodesIn);
}

function navigationOrder(graph: Graph): string[] {
  const seen = new Set<string>([START]);
  const queue = [START];
  const order: string[] = [];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (name !== START) order.push(name);
    for (const { to } of successors(graph, name)) {
      if (seen.has(to) || to === END || !graph.nodes.has(to)) continue;
      seen.add(to);
      queue.push(to);
    }
  }
  return order;
}

/** Nodes that can run after some node that changes the state (so their templates see more than the input). */
function reachableFromExecutors(graph: Graph): Set<string> {
  const reached = new Set<string>();
  const queue = [...graph.nodes.values()].filter((node) => node.kind !== 'none').map((node) => node.name);
  const expanded = new Set<string>();
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (expanded.has(name)) continue;
    expanded.add(name);
    for (const { to } of successors(graph, name)) {
      if (reached.has(to)) continue;
      reached.add(to);
      queue.push(to);
    }
  }
  return reached;
}
