import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { processesWithTag } from './leftovers.js';
import type { LiveTea } from './spawn-tea.js';

/**
 * The most direct children of a running `tea` whose command line contains `marker`, seen
 * at once while it runs (polled every 5 ms until it exits). Only direct children count: a
 * child forking its own worker briefly shows a second process with the same command line.
 */
export async function peakChildren(tea: LiveTea, tag: string, marker: string): Promise<number> {
  let peak = 0;
  let done = false;
  void tea.exited.then(() => (done = true));
  while (!done) {
    const children = processesWithTag(tag).filter((pid) => {
      try {
        const ppid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
        return ppid === tea.child.pid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
      } catch {
        return false;
      }
    });
    peak = Math.max(peak, children.length);
    await sleep(5);
  }
  return peak;
}
