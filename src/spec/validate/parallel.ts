import { quote, type Finding, type MakeFinding } from '../findings.js';
import { isParallelEdge } from './edges.js';

/** Strategies a workflow may name; TEA warns and falls back to `thread` on others (D16: we refuse). */
export const validStrategies = ['process', 'thread', 'inline', 'pool', 'remote'] as const;

type NodeIndex = ReadonlyMap<string, { node: Record<string, unknown>; index: number }>;

/** Our parallel checks beyond TEA's (parallel.md §9: D7, D15, D16, D17, D3). */
export function checkParallelStructure(root: Record<string, unknown>, byName: NodeIndex, make: MakeFinding): Finding[] {
  const edges = (Array.isArray(root.edges) ? root.edges : []).filter(
    (edge): edge is Record<string, unknown> => typeof edge === 'object' && edge !== null,
  );
  return [
    ...checkStrategy(root, byName, make),
    ...checkFanOutEdges(edges, make),
    ...checkMaxConcurrency(byName, make),
    ...listOrderWarnings(edges, byName, make),
  ];
}

function checkStrategy(root: Record<string, unknown>, byName: NodeIndex, make: MakeFinding): Finding[] {
  const findings: Finding[] = [];
  const check = (value: unknown, path: (string | number)[], node?: string) => {
    if (value === undefined || (validStrategies as readonly unknown[]).includes(value)) return;
    findings.push(
      make('PARALLEL_STRATEGY', `Invalid parallel strategy ${quote(value)}. Valid values: ${validStrategies.join(', ')}`, {
        path,
        node,
      }),
    );
  };
  const settings = root.settings as Record<string, unknown> | undefined;
  const parallel = settings?.parallel as Record<string, unknown> | undefined;
  if (parallel && typeof parallel === 'object') check(parallel.strategy, ['settings', 'parallel']);
  for (const [name, { node, index }] of byName) {
    if (node.type === 'dynamic_parallel' && typeof node.strategy === 'string') check(node.strategy, ['nodes', index], name);
  }
  return findings;
}

/** D15: a node that fans out must not also continue on a normal edge; one fan-in per fan-out. */
function checkFanOutEdges(edges: Record<string, unknown>[], make: MakeFinding): Finding[] {
  const findings: Finding[] = [];
  const bySource = new Map<string, number[]>();
  edges.forEach((edge, index) => {
    if (typeof edge.from !== 'string') return;
    bySource.set(edge.from, [...(bySource.get(edge.from) ?? []), index]);
  });
  for (const [from, indexes] of bySource) {
    const parallel = indexes.filter((index) => isParallelEdge(edges[index]!));
    if (parallel.length === 0 || from === '__start__') continue;
    const normal = indexes.filter((index) => !isParallelEdge(edges[index]!));
    if (normal.length > 0) {
      findings.push(
        make(
          'PARALLEL_MIXED_EDGES',
          `Node ${quote(from)} has parallel edges and a normal edge (to ${quote(edges[normal[0]!]!.to)}); ` +
            'the main flow would race the branches and could finish without joining. ' +
            'Route the normal edge from the fan-in node instead',
          { path: ['edges', normal[0]!], node: from },
        ),
      );
    }
    const fanIns = new Set(parallel.map((index) => edges[index]!.fan_in));
    if (fanIns.size > 1) {
      findings.push(
        make(
          'PARALLEL_MIXED_EDGES',
          `Node ${quote(from)} fans out to different fan-in nodes (${[...fanIns].map(quote).join(', ')}); ` +
            'all parallel edges from one node must name the same fan_in',
          { path: ['edges', parallel[0]!], node: from },
        ),
      );
    }
  }
  return findings;
}

/** D7: literal values are checked at load; templates are checked when rendered. */
function checkMaxConcurrency(byName: NodeIndex, make: MakeFinding): Finding[] {
  const findings: Finding[] = [];
  for (const [name, { node, index }] of byName) {
    if (node.type !== 'dynamic_parallel') continue;
    const config = (node.parallel_config ?? {}) as Record<string, unknown>;
    const value = node.max_concurrency ?? config.max_concurrency;
    if (value === undefined || value === null || typeof value === 'string' || typeof value === 'boolean') continue;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) continue;
    findings.push(
      make('PARALLEL_SETTING', `dynamic_parallel node ${quote(name)}: max_concurrency must be positive integer, got ${String(value)}`, {
        path: ['nodes', index],
        node: name,
      }),
    );
  }
  return findings;
}

/** D17 and D3: list order that silently changes what a branch or a fan-out runs. */
function listOrderWarnings(
  edges: Record<string, unknown>[],
  byName: NodeIndex,
  make: MakeFinding,
): Finding[] {
  const warn = 'warning' as const;
  const names = [...byName.keys()];
  const sources = new Set(edges.map((edge) => edge.from));
  // Only TEA's own spelling chains on into siblings; `parallel: true` branches stop there.
  const branchStarts = new Set(edges.filter((edge) => edge.type === 'parallel').map((edge) => edge.to as string));
  const findings: Finding[] = [];
  for (const start of branchStarts) {
    const entry = byName.get(start);
    if (!entry || entry.node.goto !== undefined || sources.has(start)) continue;
    const next = names[names.indexOf(start) + 1];
    if (next !== undefined && branchStarts.has(next)) {
      findings.push(
        make(
          'BRANCH_CHAINS_INTO_BRANCH',
          `Branch node ${quote(start)} has no edge of its own, so by list order it runs on into branch ${quote(next)}; ` +
            `add an edge from ${quote(start)} to its fan-in node`,
          { path: ['nodes', entry.index], node: start, severity: warn },
        ),
      );
    }
  }
  for (const [name, { node, index }] of byName) {
    if (node.type !== 'dynamic_parallel' || typeof node.fan_in !== 'string') continue;
    if (node.goto !== undefined || sources.has(name)) continue;
    const next = names[names.indexOf(name) + 1];
    if (next !== node.fan_in) {
      findings.push(
        make(
          'FAN_IN_ORDER',
          `dynamic_parallel node ${quote(name)} goes to its fan_in ${quote(node.fan_in)}` +
            (next === undefined ? '' : `, not to the next node in the list (${quote(next)}) as TEA would`),
          { path: ['nodes', index], node: name, severity: warn },
        ),
      );
    }
  }
  return findings;
}
