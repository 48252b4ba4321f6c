import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TeaError, errorText } from '../errors.js';
import type { NodeSpec, Workflow } from './model.js';

/**
 * Every `subgraph:` a workflow names must exist and load before anything runs, so a typo
 * fails the run at once with the node and line, not halfway through a fan-out (TEA makes
 * it a failure of every item). Paths resolve as at run time: beside the workflow, then the
 * working folder (D4). Templated paths are checked when rendered.
 */
export function checkSubgraphs(workflow: Workflow, load: (text: string, file: string) => Workflow, seen = new Set<string>()): void {
  seen.add(workflow.absoluteFile);
  for (const node of dynamicNodes(workflow.nodes)) {
    const subgraph = node.dynamic?.subgraph;
    if (!subgraph || subgraph.includes('{{')) continue;
    const file = resolveSubgraph(path.dirname(workflow.absoluteFile), subgraph);
    const at = workflow.positionOf(node.path);
    const fail = (message: string) =>
      new TeaError('INVALID_WORKFLOW', message, { file: workflow.file, node: node.name, line: at?.line, column: at?.column });
    if (!existsSync(file)) throw fail(`Subgraph not found: ${subgraph} (looked for ${file})`);
    if (seen.has(file)) continue;
    const text = readFileSync(file, 'utf8');
    if (!text.trim()) throw fail(`Empty subgraph configuration: ${file}`);
    let child: Workflow;
    try {
      child = load(text, file);
    } catch (error) {
      throw fail(`Failed to load subgraph '${subgraph}': ${errorText(error)}`);
    }
    checkSubgraphs(child, load, seen);
  }
}

/**
 * D4: a relative subgraph path is looked up next to the parent workflow first, then in the
 * working folder (TEA looks only in the working folder).
 */
export function resolveSubgraph(workflowDir: string, subgraph: string): string {
  const besideWorkflow = path.resolve(workflowDir, subgraph);
  if (path.isAbsolute(subgraph) || existsSync(besideWorkflow)) return besideWorkflow;
  const fromCwd = path.resolve(subgraph);
  return existsSync(fromCwd) ? fromCwd : besideWorkflow;
}

function* dynamicNodes(nodes: NodeSpec[]): Generator<NodeSpec> {
  for (const node of nodes) {
    if (node.dynamic) yield node;
    yield* dynamicNodes([...(node.steps ?? []), ...(node.dynamic?.steps ?? []), ...(node.loop?.body ?? [])]);
  }
}
