import type { BranchRef } from './events.js';

/**
 * What identifies a branch to a reader: the item (dynamic) or the branch's start node
 * (static), on one line. Control characters would break the one-line prefix, so they become
 * spaces.
 */
export function branchItem(ref: BranchRef): string | undefined {
  const item = ref.label ?? (ref.name !== ref.node && !ref.name.startsWith(`${ref.node}[`) ? ref.name : undefined);
  if (item === undefined) return undefined;
  const oneLine = item.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return oneLine === '' ? undefined : oneLine;
}

/** `[node#index item]`: the tag of a branch's lines, summaries and group headers. */
export function branchTag(ref: BranchRef): string {
  const item = branchItem(ref);
  return `[${ref.node}#${ref.index}${item === undefined ? '' : ` ${item}`}]`;
}

/** `[node#index item] `: what a branch's lines start with when relayed (D12: the rest is unchanged). */
export function prefixFor(ref: BranchRef): string {
  return `${branchTag(ref)} `;
}
