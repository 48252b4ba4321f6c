import { pyTypeName, quote, type Finding, type MakeFinding } from '../findings.js';
import { checkDynamicFanInTarget, checkDynamicParallel } from './dynamic-parallel.js';

/** Node `type:` values tea knows; TEA silently runs a node with any other type. */
export const knownNodeTypes = ['while_loop', 'dynamic_parallel', 'fan_in'] as const;

export interface NodeCheckResult {
  findings: Finding[];
  /** Declared node names, in list order. */
  declared: Set<string>;
  /** Each valid node mapping by name, with its index. */
  byName: Map<string, { node: Record<string, unknown>; index: number }>;
}

/** Root, `nodes:` list, names, duplicates, node types and executors, dynamic_parallel keys. */
export function checkNodes(root: Record<string, unknown>, make: MakeFinding): NodeCheckResult | Finding[] {
  const nodes = root.nodes;
  if (nodes === undefined || nodes === null) {
    return [make('MISSING_FIELD', "Top-level field 'nodes' is required", { path: [] })];
  }
  if (!Array.isArray(nodes)) {
    return [make('INVALID_NODES', `'nodes' must be a list, got ${pyTypeName(nodes)}`, { path: ['nodes'] })];
  }
  const findings: Finding[] = [];
  const declared = new Set<string>();
  const byName = new Map<string, { node: Record<string, unknown>; index: number }>();
  nodes.forEach((node: unknown, index) => {
    const path = ['nodes', index];
    if (typeof node !== 'object' || node === null || Array.isArray(node)) {
      findings.push(make('INVALID_NODE', `Node at index ${index} must be a mapping, got ${pyTypeName(node)}`, { path }));
      return;
    }
    const mapping = node as Record<string, unknown>;
    const name = mapping.name;
    if (!name || typeof name !== 'string') {
      findings.push(make('MISSING_NODE_NAME', `Node at index ${index} is missing a 'name' field`, { path }));
      return;
    }
    if (declared.has(name)) {
      findings.push(make('DUPLICATE_NODE', `Duplicate node name: ${quote(name)}`, { path, node: name }));
      return;
    }
    declared.add(name);
    byName.set(name, { node: mapping, index });
    findings.push(...checkNodeKind(mapping, index, make));
  });
  for (const [, { node, index }] of byName) {
    if (node.type !== 'dynamic_parallel') continue;
    const finding = checkDynamicFanInTarget(node, index, declared, make);
    if (finding) findings.push(finding);
  }
  return { findings, declared, byName };
}

function checkNodeKind(node: Record<string, unknown>, index: number, make: MakeFinding): Finding[] {
  const name = String(node.name);
  const at = { path: ['nodes', index], node: name };
  const type = node.type;
  if (type !== undefined && !(knownNodeTypes as readonly unknown[]).includes(type)) {
    return [
      make(
        'NODE_UNKNOWN_TYPE',
        `Node ${quote(name)} has unknown type ${quote(type)}. Valid types: ${knownNodeTypes.join(', ')}`,
        at,
      ),
    ];
  }
  if (type === 'dynamic_parallel') return checkDynamicParallel(node, index, make);
  if (type === 'while_loop') return [];
  const executors = ['run', 'script', 'uses', 'steps'].filter((key) => node[key] !== undefined && node[key] !== null);
  if (executors.length > 1) {
    return [
      make(
        'NODE_MULTIPLE_EXECUTORS',
        `Node ${quote(name)} has more than one of run/uses/steps (${executors.join(', ')}); ` +
          'keep exactly one: a node does one kind of work',
        at,
      ),
    ];
  }
  return [];
}
