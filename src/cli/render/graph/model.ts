import { END, START, type Graph } from '../../../engine/graph.js';
import type { NodeSpec } from '../../../spec/model.js';
import { describeBranchBody, describeNode } from '../node-label.js';
import { successors, type StepKind } from './walk.js';

export type Shape = 'terminal' | 'node' | 'router' | 'dynamic' | 'body' | 'fanin';

export interface ViewNode {
  id: string;
  title: string;
  detail?: string;
  shape: Shape;
}

export interface ViewEdge {
  from: string;
  to: string;
  /** `items`: a dynamic node's per-item branches. */
  kind: StepKind | 'items';
  label?: string;
}

/** A workflow as drawn by `tea graph`: navigation edges, fan-outs, branch bodies and fan-ins. */
export interface GraphView {
  name: string;
  nodes: ViewNode[];
  edges: ViewEdge[];
}

/** The id of the box standing for a dynamic node's branches. */
export const bodyId = (node: string) => `${node}[*]`;

/**
 * Builds the drawing from the navigation graph (engine/graph.ts), not the raw YAML: goto,
 * list order and `edges:` as the engine follows them, both static fan-out spellings (D23),
 * and each dynamic_parallel node's branches as one box joined at its fan-in.
 */
export function buildGraphView(graph: Graph): GraphView {
  const nodes: ViewNode[] = [{ id: START, title: 'START', shape: 'terminal' }];
  const edges: ViewEdge[] = [];
  let endUsed = false;
  const addSteps = (from: string) => {
    for (const step of successors(graph, from)) {
      endUsed ||= step.to === END;
      edges.push({ from, to: step.to, kind: step.kind, label: step.label ?? (step.kind === 'join' ? 'join' : undefined) });
    }
  };
  addSteps(START);
  for (const node of graph.workflow.nodes) {
    nodes.push(viewOf(node, graph.fanIns.has(node.name)));
    if (!node.dynamic) {
      addSteps(node.name);
      continue;
    }
    nodes.push({ id: bodyId(node.name), title: `each ${node.dynamic.itemVar}`, detail: describeBranchBody(node), shape: 'body' });
    edges.push({ from: node.name, to: bodyId(node.name), kind: 'items', label: `items: ${itemsText(node.dynamic.items)}` });
    const route = graph.dynamicRoutes.get(node.name);
    if (route !== undefined) {
      edges.push({ from: bodyId(node.name), to: route, kind: 'join', label: 'parallel_results' });
      endUsed ||= route === END;
    } else addSteps(node.name);
  }
  if (endUsed) nodes.push({ id: END, title: 'END', shape: 'terminal' });
  return { name: graph.workflow.name ?? 'workflow', nodes, edges };
}

function viewOf(node: NodeSpec, isFanIn: boolean): ViewNode {
  if (node.dynamic) {
    const limit = node.dynamic.maxConcurrency;
    return { id: node.name, title: node.name, detail: `dynamic_parallel${limit === undefined || limit === null ? '' : `, max ${String(limit)}`}`, shape: 'dynamic' };
  }
  const detail = `${describeNode(node)}${isFanIn ? ', fan-in' : ''}`;
  return { id: node.name, title: node.name, detail, shape: isFanIn ? 'fanin' : node.kind === 'none' ? 'router' : 'node' };
}

function itemsText(items: unknown): string {
  const text = typeof items === 'string' ? items.trim() : JSON.stringify(items);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
