import { pyTypeName, quote, type Finding, type MakeFinding } from '../findings.js';

const START = '__start__';
const END = '__end__';

/** Names that edges may point to without being declared nodes. */
export function endpointNames(declared: ReadonlySet<string>): Set<string> {
  return new Set([...declared, START, END]);
}

export function isParallelEdge(edge: Record<string, unknown>): boolean {
  // `parallel: true` is the seed documents' spelling; TEA only reads `type: parallel` (D1).
  return edge.type === 'parallel' || edge.parallel === true;
}

/** Edge shape, endpoints and parallel fan-in targets, with TEA's codes and texts. */
export function checkEdges(root: Record<string, unknown>, declared: ReadonlySet<string>, make: MakeFinding): Finding[] {
  const raw = root.edges ?? [];
  if (!Array.isArray(raw)) return [make('INVALID_EDGES', `'edges' must be a list, got ${pyTypeName(raw)}`, { path: ['edges'] })];
  const endpoints = endpointNames(declared);
  const findings: Finding[] = [];
  raw.forEach((edge: unknown, index) => {
    const path = ['edges', index];
    if (typeof edge !== 'object' || edge === null || Array.isArray(edge)) {
      findings.push(make('INVALID_EDGE', `Edge at index ${index} must be a mapping, got ${pyTypeName(edge)}`, { path }));
      return;
    }
    const mapping = edge as Record<string, unknown>;
    const type = mapping.type ?? 'normal';
    if (mapping.from === undefined || mapping.from === null) {
      if (type !== 'entry') findings.push(make('EDGE_MISSING_FROM', `Edge at index ${index} is missing 'from'`, { path }));
    } else if (typeof mapping.from !== 'string' || !endpoints.has(mapping.from)) {
      findings.push(make('EDGE_FROM_UNDEFINED', `Edge 'from' references undefined node ${quote(mapping.from)}`, { path }));
    }
    findings.push(...checkTargets(mapping, index, endpoints, make));
    if (isParallelEdge(mapping)) {
      const fanIn = mapping.fan_in;
      if (!fanIn) {
        findings.push(make('PARALLEL_FAN_IN_UNDEFINED', `Parallel edge at index ${index} requires 'fan_in'`, { path }));
      } else if (typeof fanIn !== 'string' || !declared.has(fanIn)) {
        findings.push(
          make('PARALLEL_FAN_IN_UNDEFINED', `Parallel edge fan_in references undefined node ${quote(fanIn)}`, { path }),
        );
      }
    }
  });
  return findings;
}

function checkTargets(
  edge: Record<string, unknown>,
  index: number,
  endpoints: ReadonlySet<string>,
  make: MakeFinding,
): Finding[] {
  const path = ['edges', index];
  if (edge.to === undefined || edge.to === null) return [make('EDGE_MISSING_TO', `Edge at index ${index} is missing 'to'`, { path })];
  const targets = Array.isArray(edge.to) ? edge.to : [edge.to];
  const findings: Finding[] = [];
  for (const target of targets) {
    if (typeof target !== 'string') {
      findings.push(
        make('INVALID_EDGE', `Edge 'to' must be a string or list of strings; got ${pyTypeName(target)}`, { path }),
      );
    } else if (!endpoints.has(target)) {
      findings.push(make('EDGE_TO_UNDEFINED', `Edge 'to' references undefined node ${quote(target)}`, { path }));
    }
  }
  if (Array.isArray(edge.to) && !isParallelEdge(edge)) {
    // TEA's load dies with "unhashable type: 'list'"; we say what to write instead.
    findings.push(
      make(
        'INVALID_EDGE',
        `Edge at index ${index} has a list in 'to'; a list is allowed only on parallel edges ` +
          "(add 'parallel: true' and 'fan_in'), otherwise write one edge per target",
        { path },
      ),
    );
  }
  return findings;
}
