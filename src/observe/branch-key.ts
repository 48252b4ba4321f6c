import type { BranchRef } from './events.js';

/** One branch of one fan-out node, as a map key (a nested run of the same node reuses it only after it ended). */
export function branchKey(ref: BranchRef): string {
  return `${ref.node}#${ref.index}`;
}
