import { END, START } from '../../../engine/graph.js';
import type { GraphView, ViewEdge, ViewNode } from './model.js';

const arrows: Record<ViewEdge['kind'], string> = { edge: '-->', implicit: '-->', parallel: '..>', items: '..>', join: '==>' };

const nameOf = (node: ViewNode | undefined, id: string) => {
  if (id === START) return '(START)';
  if (id === END) return '(END)';
  if (node?.shape === 'body') return `${id} {${node.detail}}`;
  return id;
};

/** Plain-text drawing for a terminal: each node, then where control goes from it. */
export function toAscii(view: GraphView): string {
  const byId = new Map(view.nodes.map((node) => [node.id, node]));
  const lines = [view.name, ''];
  for (const node of view.nodes) {
    if (node.id === END) continue;
    const marks = node.shape === 'fanin' && !node.detail?.includes('fan-in') ? ' (fan-in)' : '';
    lines.push(`${nameOf(node, node.id)}${node.detail && node.shape !== 'body' ? `  [${node.detail}]` : ''}${marks}`);
    for (const edge of view.edges.filter((candidate) => candidate.from === node.id)) {
      const parallel = edge.kind === 'items' ? '  (one branch per item, in parallel)' : edge.kind === 'parallel' ? '  (parallel branch)' : '';
      lines.push(`  ${arrows[edge.kind]} ${nameOf(byId.get(edge.to), edge.to)}${edge.label ? `  [${edge.label}]` : ''}${parallel}`);
    }
  }
  lines.push('', 'legend: --> next   ..> parallel branches   ==> join: continues after every branch has finished');
  return `${lines.join('\n')}\n`;
}
