import type { Finding, MakeFinding } from '../findings.js';
import { conditionText } from './strict.js';

/** Why a condition does not compile, or undefined. The template layer answers it, so the
 * loader itself does not depend on templates. */
export type ConditionSyntaxCheck = (expression: string) => string | undefined;

/**
 * INVALID_CONDITION: an edge condition that does not compile, as TEA's `tea validate`
 * reports it. `tea run` does not refuse such a file (TEA runs it, and fails only if the
 * edge is ever tried), so only `tea validate` asks for this check.
 */
export function checkConditionSyntax(root: Record<string, unknown>, check: ConditionSyntaxCheck, make: MakeFinding): Finding[] {
  if (!Array.isArray(root.edges)) return [];
  const findings: Finding[] = [];
  root.edges.forEach((edge: unknown, index) => {
    const text = conditionText(edge);
    const problem = text === undefined || text === '' ? undefined : check(text);
    if (problem !== undefined) {
      findings.push(make('INVALID_CONDITION', `Invalid condition expression: ${problem}`, { path: ['edges', index] }));
    }
  });
  return findings;
}
