import { quote, type Finding, type MakeFinding } from '../findings.js';

const docsAnchor = 'docs/shared/YAML_REFERENCE.md#dynamic-parallel';
const bodyKeys = ['action', 'steps', 'subgraph'] as const;

/** TEA's dynamic_parallel checks with TEA's exact texts (parallel.md §3.2). */
export function checkDynamicParallel(
  node: Record<string, unknown>,
  index: number,
  make: MakeFinding,
): Finding[] {
  const findings: Finding[] = [];
  const name = typeof node.name === 'string' ? node.name : `<index-${index}>`;
  const at = { path: ['nodes', index], node: name };
  if (!node.items) {
    findings.push(
      make(
        'DYN_PARALLEL_MISSING_ITEMS',
        `dynamic_parallel node ${quote(name)}: missing required key 'items'.\n` +
          '  Add an items expression as a sibling of action/steps/subgraph, e.g.:\n' +
          '      items: "{{ state.batches }}"\n' +
          `  See ${docsAnchor}`,
        at,
      ),
    );
  }
  const present = bodyKeys.filter((key) => node[key] !== undefined && node[key] !== null);
  if (present.length === 0) {
    findings.push(
      make(
        'DYN_PARALLEL_MODE',
        `dynamic_parallel node ${quote(name)}: missing branch-body key.\n` +
          "  Add exactly one of: 'action', 'steps', or 'subgraph'.\n" +
          '  Quick guide:\n' +
          '      action:   a single registered action call per item\n' +
          '      steps:    a sequential list of step entries per item\n' +
          '      subgraph: a separate workflow file per item\n' +
          `  See ${docsAnchor}`,
        at,
      ),
    );
  } else if (present.length > 1) {
    findings.push(
      make(
        'DYN_PARALLEL_MODE',
        `dynamic_parallel node ${quote(name)}: conflicting branch-body keys.\n` +
          `  Conflicting keys: ${present.map(quote).join(', ')}.\n` +
          '  Exactly one of action/steps/subgraph is allowed.\n' +
          '  Did you mean to remove one?\n' +
          `  See ${docsAnchor}`,
        at,
      ),
    );
  }
  if (!node.fan_in) {
    // The seed guide tells users to look for "requires 'fan_in' target node"; TEA's own
    // text comes first, the seed's phrase is its last line.
    findings.push(
      make(
        'DYN_PARALLEL_MISSING_FAN_IN',
        `dynamic_parallel node ${quote(name)}: missing required key 'fan_in'.\n` +
          "  Add a sibling 'fan_in' (NOT nested under 'branch:')\n" +
          '  naming the node that should collect parallel results, e.g.:\n' +
          '      fan_in: collect_results\n' +
          `  See ${docsAnchor}\n` +
          `  (dynamic_parallel node ${quote(name)} requires 'fan_in' target node)`,
        at,
      ),
    );
  }
  return findings;
}

/** The fan_in target must be a declared node; TEA lists the declared names to pick from. */
export function checkDynamicFanInTarget(
  node: Record<string, unknown>,
  index: number,
  declared: ReadonlySet<string>,
  make: MakeFinding,
): Finding | undefined {
  const fanIn = node.fan_in;
  if (!fanIn || (typeof fanIn === 'string' && declared.has(fanIn))) return undefined;
  const name = String(node.name);
  const sorted = [...declared].sort();
  return make(
    'DYN_PARALLEL_FAN_IN_UNDEFINED',
    `dynamic_parallel node ${quote(name)}: fan_in target ${quote(fanIn)}\n` +
      '  is not a defined node.\n' +
      `  Declared nodes: [${sorted.map(quote).join(', ')}]\n` +
      '  Pick one of the declared nodes, e.g.:\n' +
      `      fan_in: ${sorted[0] ?? 'collect'}\n` +
      `  See ${docsAnchor}`,
    { path: ['nodes', index], node: name },
  );
}
