import { quote, type Finding, type MakeFinding } from '../findings.js';
import { gotoTargets } from './goto.js';

const stateAssign = /(?:state\[\s*['"]([A-Za-z_]\w*)['"]\s*\]|state\.([A-Za-z_]\w*))\s*=/g;
const stateRead = /(?:state\[\s*['"]([A-Za-z_]\w*)['"]\s*\]|state\.([A-Za-z_]\w*))/g;
const returnKey = /['"]([A-Za-z_]\w*)['"]\s*:/g;
const implicitKeys = [
  'item', 'index', 'parallel_results', 'result', 'results', 'messages', 'input', 'output', 'state',
  'config', 'node', 'graph', 'variables', 'secrets', 'data', 'env', 'checkpoint',
];

/** `--strict` warnings, TEA's three: a missing `name`, unreferenced nodes, dead state keys. */
export function strictWarnings(
  root: Record<string, unknown>,
  byName: ReadonlyMap<string, { node: Record<string, unknown>; index: number }>,
  make: MakeFinding,
): Finding[] {
  const warn = { severity: 'warning' as const };
  const findings: Finding[] = [];
  if (!('name' in root)) findings.push(make('MISSING_FIELD', "Top-level field 'name' is recommended but missing", warn));
  const edges = Array.isArray(root.edges) ? (root.edges as unknown[]) : [];
  if (edges.length > 0) {
    const referenced = referencedNodes(edges, byName);
    for (const [name, { node, index }] of byName) {
      if (referenced.has(name) || node.goto !== undefined) continue;
      findings.push(
        make('UNREFERENCED_NODE', `Node ${quote(name)} is not referenced by any edge or goto`, {
          ...warn,
          path: ['nodes', index],
          node: name,
        }),
      );
    }
  }
  findings.push(...deadStateKeys(root, edges, byName, make));
  return findings;
}

/** Nodes named as an edge's `from`/`to` or as a goto source/target; a `fan_in:` alone does not count (as TEA). */
function referencedNodes(
  edges: unknown[],
  byName: ReadonlyMap<string, { node: Record<string, unknown>; index: number }>,
): Set<string> {
  const referenced = new Set<string>();
  for (const edge of edges) {
    if (typeof edge !== 'object' || edge === null) continue;
    const { from, to } = edge as Record<string, unknown>;
    if (typeof from === 'string') referenced.add(from);
    for (const target of Array.isArray(to) ? to : [to]) if (typeof target === 'string') referenced.add(target);
  }
  for (const [name, { node }] of byName) {
    const targets = gotoTargets(node.goto).filter((target) => byName.has(target));
    if (targets.length > 0) referenced.add(name);
    for (const target of targets) referenced.add(target);
  }
  return referenced;
}

function deadStateKeys(
  root: Record<string, unknown>,
  edges: unknown[],
  byName: ReadonlyMap<string, { node: Record<string, unknown>; index: number }>,
  make: MakeFinding,
): Finding[] {
  const known = new Set(implicitKeys);
  const schema = root.state_schema;
  if (typeof schema === 'object' && schema !== null) for (const key of Object.keys(schema)) known.add(key);
  for (const { node } of byName.values()) {
    if (typeof node.output === 'string') known.add(node.output);
    if (typeof node.run !== 'string') continue;
    for (const match of node.run.matchAll(stateAssign)) known.add((match[1] ?? match[2])!);
    for (const match of node.run.matchAll(returnKey)) known.add(match[1]!);
  }
  const findings: Finding[] = [];
  edges.forEach((edge, index) => {
    const condition = conditionText(edge);
    if (condition === undefined) return;
    for (const match of condition.matchAll(stateRead)) {
      const key = (match[1] ?? match[2])!;
      if (known.has(key)) continue;
      findings.push(
        make(
          'DEAD_STATE_KEY',
          `Condition references state key ${quote(key)} which no node appears to set and is not declared in state_schema`,
          { path: ['edges', index], severity: 'warning' },
        ),
      );
      break;
    }
  });
  return findings;
}

export function conditionText(edge: unknown): string | undefined {
  if (typeof edge !== 'object' || edge === null) return undefined;
  const { condition, when } = edge as Record<string, unknown>;
  const value = condition ?? when;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const expression = value as Record<string, unknown>;
    if (expression.type === 'expression' && typeof expression.value === 'string') return expression.value;
  }
  return undefined;
}
