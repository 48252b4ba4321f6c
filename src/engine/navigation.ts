import { TeaError } from '../errors.js';
import { evaluateCondition, type TemplateContext } from '../template/index.js';
import type { EdgeCondition, Graph } from './graph.js';

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
export function nextNode(graph: Graph, from: string, context: TemplateContext): string {
  for (const edge of graph.edges.get(from) ?? []) {
    if (conditionHolds(edge.condition, context)) return edge.to;
  }
  throw new TeaError('NO_NEXT_NODE', `No valid next node found from node '${from}'`, { node: from });
}
