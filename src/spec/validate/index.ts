import { makeFindingFactory, pyTypeName, quote, type Finding } from '../findings.js';
import type { PositionLookup } from '../model.js';
import { checkConditionSyntax, type ConditionSyntaxCheck } from './conditions.js';
import { checkEdges } from './edges.js';
import { checkGotoTargets } from './goto.js';
import { checkNodes } from './nodes.js';
import { checkParallelStructure } from './parallel.js';
import { strictWarnings } from './strict.js';

export interface ValidateOptions {
  /** Add TEA's `--strict` warnings. */
  strict?: boolean;
  /** Also report edge conditions that do not compile (`tea validate`). */
  conditionSyntax?: ConditionSyntaxCheck;
}

/**
 * The structural checks of `tea validate`, which `tea run` also applies before building
 * anything (core.md §1.3). Returns findings; never throws for a bad document.
 */
export function validateDocument(value: unknown, positionOf: PositionLookup, options: ValidateOptions = {}): Finding[] {
  const make = makeFindingFactory(positionOf);
  if (value === null || value === undefined) return [make('INVALID_ROOT', 'Workflow file is empty')];
  if (typeof value !== 'object' || Array.isArray(value)) {
    return [make('INVALID_ROOT', `Workflow root must be a mapping, got ${pyTypeName(value)}`)];
  }
  const root = value as Record<string, unknown>;
  const nodes = checkNodes(root, make);
  if (Array.isArray(nodes)) return nodes;
  const findings = [
    ...nodes.findings,
    ...checkEdges(root, nodes.declared, make),
    ...checkGotoTargets(nodes.byName, nodes.declared, make),
    ...checkParallelStructure(root, nodes.byName, make),
    ...ignoredConditionWarnings(nodes.byName, make),
  ];
  if (options.conditionSyntax) findings.push(...checkConditionSyntax(root, options.conditionSyntax, make));
  if (options.strict) findings.push(...strictWarnings(root, nodes.byName, make));
  return findings;
}

/** TEA ignores a node-level `condition:` silently (core.md §9 item 7); we say so. */
function ignoredConditionWarnings(
  byName: ReadonlyMap<string, { node: Record<string, unknown>; index: number }>,
  make: ReturnType<typeof makeFindingFactory>,
): Finding[] {
  const findings: Finding[] = [];
  for (const [name, { node, index }] of byName) {
    if (node.condition === undefined || node.type === 'while_loop') continue;
    findings.push(
      make(
        'NODE_CONDITION_IGNORED',
        `Node ${quote(name)} has a 'condition:' key, which does not skip the node; ` +
          "put the condition on an edge ('when:') or a goto rule ('if:')",
        { path: ['nodes', index], node: name, severity: 'warning' },
      ),
    );
  }
  return findings;
}
