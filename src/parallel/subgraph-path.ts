import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * D4: a relative subgraph path is looked up next to the parent workflow first, then in the
 * working folder (TEA looks only in the working folder).
 */
export function resolveSubgraphPath(workflowDir: string, subgraph: string): string {
  const besideWorkflow = path.resolve(workflowDir, subgraph);
  if (path.isAbsolute(subgraph) || existsSync(besideWorkflow)) return besideWorkflow;
  const fromCwd = path.resolve(subgraph);
  return existsSync(fromCwd) ? fromCwd : besideWorkflow;
}
