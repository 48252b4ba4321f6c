import type { GraphView, Shape, ViewEdge } from './model.js';

const open: Record<Shape, [string, string]> = {
  terminal: ['([', '])'],
  node: ['[', ']'],
  router: ['{', '}'],
  dynamic: ['{{', '}}'],
  body: ['[[', ']]'],
  fanin: ['[/', '\\]'],
};
const arrow: Record<ViewEdge['kind'], string> = { edge: '-->', implicit: '-->', parallel: '-.->', items: '-.->', join: '==>' };

/** Mermaid's entity codes keep quotes and brackets in labels from ending them. */
const escape = (text: string) => text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');

/** `flowchart TD` text, pasteable into GitHub Markdown; ids are n0, n1, ... so any node name works. */
export function toMermaid(view: GraphView): string {
  const ids = new Map(view.nodes.map((node, index) => [node.id, `n${index}`]));
  const idOf = (name: string) => {
    if (!ids.has(name)) ids.set(name, `n${ids.size}`); // an edge to an unknown node still draws
    return ids.get(name)!;
  };
  const lines = ['flowchart TD'];
  for (const node of view.nodes) {
    const [left, right] = open[node.shape];
    const label = node.detail ? `${escape(node.title)}<br/><small>${escape(node.detail)}</small>` : escape(node.title);
    lines.push(`  ${idOf(node.id)}${left}"${label}"${right}`);
  }
  for (const edge of view.edges) {
    const label = edge.label ? `|"${escape(edge.label)}"|` : '';
    lines.push(`  ${idOf(edge.from)} ${arrow[edge.kind]}${label} ${idOf(edge.to)}`);
  }
  return `${lines.join('\n')}\n`;
}
