import type { BranchRef } from '../observe/events.js';

/** `[node#index] `: what a branch's lines start with when relayed (D12). */
export function prefixFor(ref: BranchRef): string {
  return `[${ref.node}#${ref.index}] `;
}
