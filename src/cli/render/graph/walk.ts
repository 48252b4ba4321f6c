import type { EdgeCondition, Graph } from '../../../engine/graph.js';

/** How control leaves a node at run time. */
export type StepKind = 'edge' | 'implicit' | 'parallel' | 'join';

export interface Step {
  to: string;
  kind: StepKind;
  /** The condition, for people: `if state.x > 1`, `when ...`. */
  label?: string;
}

/** An edge condition as text; undefined for an unconditional edge. */
export function conditionText(condition: EdgeCondition): string | undefined {
  switch (condition.kind) {
    case 'always':
      return undefined;
    case 'never':
      return 'never';
    case 'goto':
      return `if ${condition.expression}`;
    case 'condition': {
      const text = typeof condition.condition === 'string' ? condition.condition : JSON.stringify(condition.condition);
      return condition.expected ? `if ${text}` : `unless ${text}`;
    }
    case 'when':
      return `when ${typeof condition.when === 'string' ? condition.when : JSON.stringify(condition.when)}`;
  }
}

/**
 * Where the run goes after `name`, as the engine navigates (engine/run.ts): a static
 * fan-out starts its branches and continues at the fan-in; a dynamic node with no route of
 * its own goes to its fan-in (D3); otherwise its edges in the order they are tried.
 */
export function successors(graph: Graph, name: string): Step[] {
  const fanOut = graph.fanOuts.get(name);
  if (fanOut) {
    const branches = fanOut.branches.map((branch): Step => ({ to: branch.to, kind: 'parallel', label: conditionText(branch.condition) }));
    return [...branches, { to: fanOut.fanIn, kind: 'join' }];
  }
  const route = graph.dynamicRoutes.get(name);
  if (route !== undefined) return [{ to: route, kind: 'join' }];
  return (graph.edges.get(name) ?? []).map((edge): Step => {
    const sibling = edge.implicit ? siblingStart(graph, name, edge.to) : undefined;
    // A `parallel: true` branch ends where list order would run into a sibling branch (navigation.ts siblingStops).
    if (sibling) return { to: sibling.fanIn, kind: 'join', label: `branch ends before ${edge.to}` };
    return { to: edge.to, kind: edge.implicit ? 'implicit' : 'edge', label: conditionText(edge.condition) };
  });
}

function siblingStart(graph: Graph, from: string, to: string): { fanIn: string } | undefined {
  for (const fanOut of graph.fanOuts.values()) {
    if (fanOut.listOrderIntoSiblings || fanOut.from === from) continue;
    if (fanOut.branches.some((branch) => branch.to === to)) return fanOut;
  }
  return undefined;
}
