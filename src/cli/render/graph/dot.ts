import type { GraphView, Shape, ViewEdge } from './model.js';

const shapes: Record<Shape, string> = {
  terminal: 'shape=ellipse',
  node: 'shape=box',
  router: 'shape=diamond',
  dynamic: 'shape=hexagon',
  body: 'shape=box3d, style=dashed',
  fanin: 'shape=invhouse',
};
const styles: Record<ViewEdge['kind'], string> = { edge: '', implicit: '', parallel: 'style=dashed', items: 'style=dashed', join: 'style=bold' };

/** A DOT string literal. */
export const quoteDot = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

/** Graphviz `digraph`: `dot -Tsvg` draws it. */
export function toDot(view: GraphView): string {
  const lines = [`digraph ${quoteDot(view.name)} {`, '  rankdir=TB;', '  node [shape=box];', ''];
  for (const node of view.nodes) {
    const label = node.detail ? `${node.title}\n${node.detail}` : node.title;
    lines.push(`  ${quoteDot(node.id)} [label=${quoteDot(label)}, ${shapes[node.shape]}];`);
  }
  lines.push('');
  for (const edge of view.edges) {
    const attributes = [styles[edge.kind], edge.label ? `label=${quoteDot(edge.label)}` : ''].filter(Boolean);
    lines.push(`  ${quoteDot(edge.from)} -> ${quoteDot(edge.to)}${attributes.length > 0 ? ` [${attributes.join(', ')}]` : ''};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
