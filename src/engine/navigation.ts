import { TeaError } from '../errors.js';
import { evaluateCondition, type TemplateContext } from '../template/index.js';
import type { EdgeCondition, Graph, GraphEdge } from './graph.js';

/** Whether an edge is taken; goto rules use evaluator (b), legacy edges evaluator (a). */
export function conditionHolds(condition: EdgeCondition, context: TemplateContext): boolean {
  switch (condition.kind) {
    case 'always':
      return true;
    case 'never':
      return false;
    case 'goto':
      return evaluateCondition(condition.expression, { ...context, result: {} }, 'goto');
    case 'condition':
      return evaluateCondition(condition.condition, context, 'edge') === condition.expected;
    case 'when':
      return evaluateCondition(condition.when, context, 'when');
  }
}

/** The first outgoing edge whose condition holds: goto > edges > list order (core.md §1.6). */
export function nextEdge(graph: Graph, from: string, context: TemplateContext): GraphEdge {
  for (const edge of graph.edges.get(from) ?? []) {
    if (conditionHolds(edge.condition, context)) return edge;
  }
  throw new TeaError('NO_NEXT_NODE', `No valid next node found from node '${from}'`, { node: from });
}

/**
 * Where a static branch starting at `entry` and joining at `exit` also stops: the sibling
 * branch starts it would reach by list order, for fan-outs written `parallel: true`.
 */
export function siblingStops(graph: Graph, entry: string | undefined, exit: string | undefined): Set<string> {
  for (const fanOut of graph.fanOuts.values()) {
    if (fanOut.fanIn !== exit || fanOut.listOrderIntoSiblings) continue;
    const starts = fanOut.branches.map((branch) => branch.to);
    if (entry !== undefined && starts.includes(entry)) return new Set(starts.filter((start) => start !== entry));
  }
  return new Set();
}
