import type { BranchRef, TeaEvent } from '../../observe/events.js';
import { pyJsonDumps } from '../../util/python-json.js';
import type { Printer } from '../printer.js';

/** The fields every branch event carries: which fan-out, which item. */
function branchFields(branch: BranchRef): Record<string, unknown> {
  return { node: branch.node, branch: branch.name, index: branch.index, item: branch.label ?? null };
}

/** ISO-8601 UTC with microseconds and `+00:00`, as Python's `datetime.isoformat()`. */
export function isoTimestamp(date = new Date()): string {
  return `${date.toISOString().slice(0, -1)}000+00:00`;
}

/**
 * `--stream`: one JSON line per event in Python's `json.dumps` style (core.md §4.3). TEA's
 * five types keep their shape; prints become `output` lines so every stdout line parses.
 */
export function makeNdjsonRenderer(printer: Printer, file: string) {
  const line = (type: string, fields: Record<string, unknown>) =>
    printer.data(`${pyJsonDumps({ type, timestamp: isoTimestamp(), ...fields })}\n`);
  return (event: TeaEvent): void => {
    switch (event.type) {
      case 'run_start':
        return line('start', { workflow: file });
      case 'node_end':
        return line('node_complete', { node: event.node, state: event.state });
      case 'interrupt':
        return line('interrupt', { node: event.node, state: event.state });
      case 'final':
        return line('complete', { state: event.state });
      case 'error':
        return line('error', { node: event.node, error: event.message });
      case 'output':
        return line('output', {
          node: event.node ?? null,
          stream: event.stream,
          text: event.text,
          ...(event.branch ? { branch: event.branch.name, index: event.branch.index } : {}),
        });
      case 'log':
        return printer.error(`${event.level.toUpperCase()}: ${event.message}\n`);
      case 'fanout':
        return line('fanout', { node: event.node, branches: event.branches, strategy: event.strategy, max_concurrency: event.maxConcurrency });
      case 'fanin':
        return line('fanin', { node: event.node, fan_in: event.fanIn, results: event.results, failed: event.failed });
      case 'branch_queued':
        return line('branch_queued', branchFields(event.branch));
      case 'branch_started':
        return line('branch_started', { ...branchFields(event.branch), attempt: event.attempt, pid: event.pid ?? null });
      case 'branch_retried':
        return line('branch_retried', { ...branchFields(event.branch), attempt: event.attempt, error: event.error, delay_ms: event.delayMs });
      case 'branch_killed':
        return line('branch_killed', { ...branchFields(event.branch), signal: event.signal, reason: event.reason });
      case 'branch_finished':
        return line('branch_finished', {
          ...branchFields(event.branch),
          status: event.status,
          duration_ms: Math.round(event.durationMs),
          attempts: event.attempts,
          exit_code: event.exitCode ?? null,
          signal: event.signal ?? null,
          error: event.error ?? null,
        });
      default:
        return;
    }
  };
}
