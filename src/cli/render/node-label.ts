import type { NodeSpec } from '../../spec/model.js';

/** What a node does, in a few words: `run (python)`, `uses file.read`, `dynamic_parallel`, ... */
export function describeNode(node: NodeSpec): string {
  switch (node.kind) {
    case 'run':
      return `run (${node.language ?? 'python'})`;
    case 'expression':
      return 'expression';
    case 'uses':
      return `uses ${node.uses}`;
    case 'steps':
      return `steps: ${(node.steps ?? []).map((step) => `${step.name} (${describeNode(step)})`).join(', ')}`;
    case 'while_loop':
      return `while_loop (max ${node.loop?.maxIterations})`;
    case 'dynamic_parallel':
      return 'dynamic_parallel';
    case 'none':
      return 'routing only';
  }
}

/** The per-item body of a dynamic_parallel node. */
export function describeBranchBody(node: NodeSpec): string {
  const spec = node.dynamic!;
  if (spec.mode === 'subgraph') return `subgraph ${spec.subgraph}`;
  if (spec.mode === 'action') return `action uses ${spec.action?.uses}`;
  return `steps: ${(spec.steps ?? []).map((step) => `${step.name} (${describeNode(step)})`).join(', ')}`;
}
