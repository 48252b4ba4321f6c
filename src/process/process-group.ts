import { readdirSync, readFileSync } from 'node:fs';

/**
 * Whether any live (non-zombie) process is left in a process group. `kill(-pgid, 0)` is the
 * fast answer; when it says yes we look in /proc, because zombies answer too and an
 * orphaned zombie may never be reaped in a container whose PID 1 does not reap.
 */
export function isGroupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return livingMembers(pgid).length > 0;
}

/** Pids in the group that are not zombies (Linux /proc; elsewhere trust kill(0)). */
export function livingMembers(pgid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [pgid];
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (entry.charCodeAt(0) > 57) continue; // not a pid folder
    const stat = readStat(entry);
    if (stat && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X') members.push(Number(entry));
  }
  return members;
}

export interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
}

/** `/proc/<pid>/stat`, parsed past the command name (which may hold spaces and parens). */
export function readStat(pid: string | number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid: Number(pid), state: rest[0]!, ppid: Number(rest[1]), pgrp: Number(rest[2]) };
}

/** Sends a signal to a whole group; falls back to the pid when the group is already gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    try {
      process.kill(pgid, signal);
      return true;
    } catch {
      return false;
    }
  }
}
