import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { registerCleanup } from './cleanup.js';

const swept = new Set<string>();

/**
 * A 0700 folder under the system temp dir for files this tea hands to its children (the
 * parsed workflow, the secrets), removed when tea exits. A tea killed with SIGKILL cannot
 * remove its own, so the name carries the owner's pid (`tea-<kind>-<pid>-XXXXXX`) and the
 * next tea that makes one of the same kind removes those whose owner is gone.
 */
export function makePrivateTempDir(kind: string): string {
  sweepOrphans(kind);
  const dir = mkdtempSync(path.join(os.tmpdir(), `tea-${kind}-${process.pid}-`));
  registerCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function sweepOrphans(kind: string): void {
  if (swept.has(kind)) return;
  swept.add(kind);
  const pattern = new RegExp(`^tea-${kind}-(\\d+)-`);
  let names: string[];
  try {
    names = readdirSync(os.tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const owner = pattern.exec(name)?.[1];
    if (owner === undefined || isAlive(Number(owner))) continue;
    try {
      rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
    } catch {
      // another user's: theirs to sweep
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}
