import { setTimeout as sleep } from 'node:timers/promises';
import { isGroupAlive, signalGroup } from './process-group.js';

/** One step of a kill sequence: a signal, then how long to wait for the group to go. */
export interface TermStep {
  signal: NodeJS.Signals;
  waitMs: number;
}

/** SIGTERM, 2 s of grace, then SIGKILL: what `timeout(1)`-style tools and CI runners do. */
export const defaultTermSequence: TermStep[] = [
  { signal: 'SIGTERM', waitMs: 2000 },
  { signal: 'SIGKILL', waitMs: 5000 },
];

/**
 * Parses GNU parallel's `--termseq` form: `TERM,200,TERM,100,KILL,25` (signal, ms, ...).
 * The last step's wait is how long we wait for SIGKILL to take effect.
 */
export function parseTermSequence(text: string): TermStep[] {
  const parts = text.split(',').map((part) => part.trim()).filter(Boolean);
  const steps: TermStep[] = [];
  for (let index = 0; index < parts.length; index += 2) {
    const name = parts[index]!.toUpperCase();
    const signal = (name.startsWith('SIG') ? name : `SIG${name}`) as NodeJS.Signals;
    const waitMs = Number(parts[index + 1] ?? 1000);
    if (!Number.isFinite(waitMs) || waitMs < 0) throw new Error(`Invalid wait '${parts[index + 1]}' in termseq '${text}'`);
    steps.push({ signal, waitMs });
  }
  if (steps.length === 0) throw new Error(`Empty termseq '${text}'`);
  if (steps.at(-1)!.signal !== 'SIGKILL') steps.push({ signal: 'SIGKILL', waitMs: 5000 });
  return steps;
}

/**
 * Signals a process group step by step until nothing in it is alive. Resolves true when the
 * group is gone, false if even SIGKILL did not clear it in time (a process stuck in the kernel).
 */
export async function killGroup(pgid: number, steps: TermStep[] = defaultTermSequence): Promise<boolean> {
  for (const step of steps) {
    if (!isGroupAlive(pgid)) return true;
    signalGroup(pgid, step.signal);
    if (await waitForGroupExit(pgid, step.waitMs)) return true;
  }
  return !isGroupAlive(pgid);
}

/** Polls until the group is gone or the time is up; the poll starts fast and backs off. */
export async function waitForGroupExit(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  while (isGroupAlive(pgid)) {
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(delay, Math.max(1, deadline - Date.now())));
    delay = Math.min(delay * 2, 100);
  }
  return true;
}
