import { createHash } from 'node:crypto';
import type { FanOutPlan } from './plan.js';

/** What identifies a fan-out's branches across runs: its items (dynamic) or branch starts (static). */
export function itemsHash(plan: FanOutPlan): string {
  const identity = plan.specs.map((spec) => (spec.item ? spec.item.value : spec.ref.name));
  return createHash('sha256').update(JSON.stringify([plan.node, identity])).digest('hex');
}
