import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Finds processes by an environment tag: every process a test's `tea` starts inherits it,
 * even after re-parenting, so a leftover cannot hide. Zombies have an empty environ and
 * count as gone.
 */
export function makeTag(): { name: string; value: string; env: Record<string, string> } {
  const value = randomUUID();
  return { name: 'TEA_TEST_TAG', value, env: { TEA_TEST_TAG: value } };
}

export function processesWithTag(value: string): number[] {
  const needle = Buffer.from(`TEA_TEST_TAG=${value}\0`);
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`).includes(needle)) found.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** Polls until no tagged process is left; returns what is left after `timeoutMs`. */
export async function waitForNoTagged(value: string, timeoutMs = 10_000): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = processesWithTag(value);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(25);
    left = processesWithTag(value);
  }
  return left.map((pid) => describe(pid)).length > 0 ? left : [];
}

/** Polls until `predicate` holds (a handshake, never a fixed sleep); throws after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function describe(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return String(pid);
  }
}
