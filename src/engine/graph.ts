import type { EdgeSpec, NodeSpec, Workflow } from '../spec/model.js';

export const START = '__start__';
export const END = '__end__';

/** How an edge decides whether it is taken (core.md §1.5–§1.6, §3.5). */
export type EdgeCondition =
  | { kind: 'always' }
  /** `when: false` without a condition: a constant that never holds. */
  | { kind: 'never' }
  /** A goto rule's `if:` (evaluator b). */
  | { kind: 'goto'; expression: string }
  /** An edge `condition:` compared with its `when:` (default true). */
  | { kind: 'condition'; condition: unknown; expected: boolean }
  /** An edge `when:` that is itself the condition. */
  | { kind: 'when'; when: unknown };

export interface GraphEdge {
  to: string;
  condition: EdgeCondition;
  /** Goto rules are never merged with another edge to the same target (core.md §9 item 8). */
  fromGoto: boolean;
  /** Added by list order, not written by the author. */
  implicit: boolean;
}

/** A static fan-out: parallel edges from one node to branch starts, joined at `fanIn`. */
export interface StaticFanOut {
  from: string;
  fanIn: string;
  branches: { to: string; condition: EdgeCondition; edge: EdgeSpec }[];
  /**
   * Written `type: parallel` (TEA's spelling): a branch chains on by list order as in TEA.
   * Written `parallel: true` (the seed documents' spelling, which TEA never ran in
   * parallel): a branch also ends where list order would carry it into a sibling branch.
   */
  listOrderIntoSiblings: boolean;
}

export interface Graph {
  workflow: Workflow;
  nodes: Map<string, NodeSpec>;
  /** Outgoing ordinary edges per node, in the order they are tried. */
  edges: Map<string, GraphEdge[]>;
  fanOuts: Map<string, StaticFanOut>;
  /** Nodes that collect a fan-out (static `fan_in` targets and dynamic `fan_in` names). */
  fanIns: Set<string>;
  /** D3: a dynamic_parallel node with no route of its own goes to its `fan_in`. */
  dynamicRoutes: Map<string, string>;
}

/** Builds navigation the way TEA does: goto, then implicit list chaining, then legacy edges. */
export function buildGraph(workflow: Workflow): Graph {
  const graph: Graph = {
    workflow,
    nodes: new Map(workflow.nodes.map((node) => [node.name, node])),
    edges: new Map(),
    fanOuts: new Map(),
    fanIns: new Set(),
    dynamicRoutes: new Map(),
  };
  const hasStartEdge = workflow.edges.some((edge) => edge.from === START);
  const legacySources = new Set(workflow.edges.map((edge) => edge.from).filter((from) => from !== undefined && from !== START));
  const first = workflow.nodes[0];
  if (!hasStartEdge && first) addEdge(graph, START, first.name, { kind: 'always' }, false);
  workflow.nodes.forEach((node, index) => {
    if (node.goto !== undefined) return addGoto(graph, node);
    if (legacySources.has(node.name)) return;
    addEdge(graph, node.name, workflow.nodes[index + 1]?.name ?? END, { kind: 'always' }, false, true);
  });
  for (const edge of workflow.edges) addLegacyEdge(graph, edge);
  for (const node of workflow.nodes) {
    if (!node.dynamic) continue;
    graph.fanIns.add(node.dynamic.fanIn);
    if (node.goto === undefined && !legacySources.has(node.name)) graph.dynamicRoutes.set(node.name, node.dynamic.fanIn);
  }
  return graph;
}

function addGoto(graph: Graph, node: NodeSpec): void {
  if (typeof node.goto === 'string') return addEdge(graph, node.name, node.goto, { kind: 'always' }, true);
  for (const rule of node.goto ?? []) {
    const literal = rule.if?.trim().toLowerCase();
    // `if: "true"` / `"false"` are constants in TEA's goto evaluator, not state lookups.
    const condition: EdgeCondition =
      rule.if === undefined || literal === 'true' ? { kind: 'always' } : literal === 'false' ? { kind: 'never' } : { kind: 'goto', expression: rule.if };
    addEdge(graph, node.name, rule.to, condition, true);
  }
}

function addLegacyEdge(graph: Graph, edge: EdgeSpec): void {
  const from = edge.from ?? (edge.type === 'entry' ? START : undefined);
  if (from === undefined) return;
  if (graph.nodes.get(from)?.goto !== undefined) return; // goto wins over edges
  if (edge.parallel) return addFanOutEdge(graph, from, edge);
  const targets = Array.isArray(edge.to) ? edge.to : [edge.to];
  const hasCondition = edge.condition !== undefined || edge.when !== undefined;
  for (const to of targets) {
    if (to === END || edge.type === 'finish') addEdge(graph, from, to, { kind: 'always' }, false);
    else if (from === START && !hasCondition) addEdge(graph, from, to, { kind: 'always' }, false);
    else addEdge(graph, from, to, legacyCondition(edge), false);
  }
}

/** D19: parallel edges fan out even from `__start__`; D20: their conditions are honoured. */
function addFanOutEdge(graph: Graph, from: string, edge: EdgeSpec): void {
  const fanIn = edge.fanIn ?? '';
  const fanOut = graph.fanOuts.get(from) ?? { from, fanIn, branches: [], listOrderIntoSiblings: false };
  if (edge.raw.type === 'parallel') fanOut.listOrderIntoSiblings = true;
  const condition = edge.condition !== undefined || edge.when !== undefined ? legacyCondition(edge) : { kind: 'always' as const };
  for (const to of Array.isArray(edge.to) ? edge.to : [edge.to]) fanOut.branches.push({ to, condition, edge });
  graph.fanOuts.set(from, fanOut);
  graph.fanIns.add(fanIn);
}

function legacyCondition(edge: EdgeSpec): EdgeCondition {
  if (edge.condition !== undefined) return { kind: 'condition', condition: edge.condition, expected: whenAsBoolean(edge.when) };
  if (edge.when === undefined) return { kind: 'always' };
  if (typeof edge.when === 'boolean') return edge.when ? { kind: 'always' } : { kind: 'never' };
  if (typeof edge.when === 'string' && /^(true|false)$/i.test(edge.when.trim())) {
    return edge.when.trim().toLowerCase() === 'true' ? { kind: 'always' } : { kind: 'never' };
  }
  return { kind: 'when', when: edge.when };
}

function whenAsBoolean(when: unknown): boolean {
  if (when === undefined || when === null) return true;
  if (typeof when === 'string') return when.trim().toLowerCase() !== 'false';
  return Boolean(when);
}

/**
 * At most one edge per (from, to): adding the pair again keeps the first position and takes
 * the new condition, as TEA's graph does. Goto rules are exempt (each rule keeps its own).
 */
function addEdge(graph: Graph, from: string, to: string, condition: EdgeCondition, fromGoto: boolean, implicit = false): void {
  const list = graph.edges.get(from) ?? [];
  const existing = fromGoto ? undefined : list.find((edge) => edge.to === to && !edge.fromGoto);
  if (existing) {
    existing.condition = condition;
    existing.implicit = implicit;
  } else {
    list.push({ to, condition, fromGoto, implicit });
  }
  graph.edges.set(from, list);
}
