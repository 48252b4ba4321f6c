import type { BranchStatus } from '../../observe/events.js';
import { formatHeartbeatDuration } from './heartbeat.js';

/** How a branch ended, in words for people. */
export function statusWord(status: BranchStatus | 'queued' | 'running' | 'retrying'): string {
  return status === 'timeout' ? 'timed out' : status;
}

/** `failed · 2 attempts · 1.3s`: a branch's outcome on one line. */
export function outcomeText(event: { status: BranchStatus; attempts: number; durationMs: number; exitCode?: number | null; signal?: string | null; reused?: boolean }): string {
  const parts = [statusWord(event.status)];
  if (event.reused) return `${parts[0]} · reused from the earlier run`;
  if (event.attempts !== 1) parts.push(`${event.attempts} attempts`);
  else parts.push('1 attempt');
  parts.push(formatHeartbeatDuration(event.durationMs));
  if (event.status !== 'ok' && event.exitCode !== undefined && event.exitCode !== null && event.exitCode !== 0) parts.push(`exit code ${event.exitCode}`);
  if (event.status !== 'ok' && event.signal) parts.push(event.signal);
  return parts.join(' · ');
}
