import type { TeaEvent } from '../observe/events.js';
import type { NodeSpec, Workflow } from '../spec/model.js';

/**
 * `  in wf.yaml:14:5, node 'b' (line 3 of its run: block)`: where a node error happened,
 * which TEA's messages never say. The block line maps to the YAML line when the block is
 * a `|` literal, the form TEA workflows use.
 */
export function locateError(workflow: Workflow, event: Extract<TeaEvent, { type: 'error' }>): string | undefined {
  const node = findNode(workflow.nodes, event.node);
  if (!node) return undefined;
  const nodeAt = workflow.positionOf(node.path);
  if (!nodeAt) return undefined;
  const blockLine = event.error.line;
  const fileLine = blockLine === undefined ? undefined : yamlLineOfBlock(workflow, node, blockLine);
  const where = fileLine === undefined ? `${nodeAt.line}:${nodeAt.column}` : `${fileLine}`;
  const inBlock = blockLine === undefined ? '' : ` (line ${blockLine} of its run: block)`;
  return `  in ${workflow.file}:${where}, node '${node.name}'${inBlock}${templateLine(event.error.template, event.error.message)}`;
}

/** For a template error, the line of the template that has template syntax in it. */
function templateLine(template: string | undefined, message: string): string {
  if (template === undefined || message.includes(template.trim())) return '';
  const line = template.split('\n').find((text) => /\{\{|\{%|\$\{/.test(text)) ?? template.split('\n')[0]!;
  const text = line.trim();
  return `\n  template: ${text.length > 160 ? `${text.slice(0, 157)}...` : text}`;
}

function findNode(nodes: NodeSpec[], name: string): NodeSpec | undefined {
  for (const node of nodes) {
    if (node.name === name) return node;
  }
  return undefined;
}

function yamlLineOfBlock(workflow: Workflow, node: NodeSpec, blockLine: number): number | undefined {
  const key = typeof node.raw.run === 'string' ? 'run' : typeof node.raw.script === 'string' ? 'script' : undefined;
  if (!key) return undefined;
  const at = workflow.positionOf([...node.path, key]);
  if (!at) return undefined;
  // A block scalar (`|`, which keeps its final newline) starts on the line after its indicator.
  const isBlock = String(node.raw[key]).endsWith('\n');
  return at.line + blockLine - (isBlock ? 0 : 1);
}
