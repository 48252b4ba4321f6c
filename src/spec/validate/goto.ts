import { quote, type Finding, type MakeFinding } from '../findings.js';

/** Every goto target must be a declared node or `__end__` (TEA's GOTO_UNDEFINED). */
export function checkGotoTargets(
  byName: ReadonlyMap<string, { node: Record<string, unknown>; index: number }>,
  declared: ReadonlySet<string>,
  make: MakeFinding,
): Finding[] {
  const findings: Finding[] = [];
  for (const [name, { node, index }] of byName) {
    for (const target of gotoTargets(node.goto)) {
      if (target === '__end__' || declared.has(target)) continue;
      findings.push(
        make('GOTO_UNDEFINED', `Node ${quote(name)} has goto to non-existent node ${quote(target)}`, {
          path: ['nodes', index],
          node: name,
        }),
      );
    }
  }
  return findings;
}

export function gotoTargets(goto: unknown): string[] {
  if (typeof goto === 'string') return [goto];
  if (!Array.isArray(goto)) return [];
  return goto
    .filter((rule): rule is Record<string, unknown> => typeof rule === 'object' && rule !== null && 'to' in rule)
    .map((rule) => String(rule.to));
}
