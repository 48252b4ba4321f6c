import { TeaError } from '../errors.js';
import { END, START, type Graph } from './graph.js';

/** The checks TEA makes before a scoped run, in its order and words (core.md §4.4). */
export function checkScope(graph: Graph, entryPoint: string | undefined, exitPoint: string | undefined): void {
  const entry = entryPoint ?? START;
  const exit = exitPoint ?? END;
  const known = (name: string) => name === START || name === END || graph.nodes.has(name);
  if (!known(entry)) throw new TeaError('SCOPE', `Entry point '${entry}' not found in graph`);
  if (!known(exit)) throw new TeaError('SCOPE', `Exit point '${exit}' not found in graph`);
  if (entry === exit) throw new TeaError('SCOPE', `Entry point and exit point cannot be the same: '${entry}'`);
  if (!reachable(graph, entry, exit)) throw new TeaError('SCOPE', `No execution path from '${entry}' to '${exit}'`);
}

/** Breadth-first over every edge, parallel ones included, conditions ignored. */
function reachable(graph: Graph, from: string, to: string): boolean {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length > 0) {
    const current = queue.shift()!;
    if (current === to) return true;
    const fanOut = graph.fanOuts.get(current);
    const next = [
      ...(graph.edges.get(current) ?? []).map((edge) => edge.to),
      ...(fanOut ? [...fanOut.branches.map((branch) => branch.to), fanOut.fanIn] : []),
      ...(graph.dynamicRoutes.has(current) ? [graph.dynamicRoutes.get(current)!] : []),
    ];
    for (const name of next) {
      if (!seen.has(name)) {
        seen.add(name);
        queue.push(name);
      }
    }
  }
  return false;
}
