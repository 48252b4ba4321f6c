import type { TeaEvent } from './events.js';
import type { Logger, MessageLevel } from './logger.js';
import { branchTag } from './prefix.js';
import type { EventSink } from './sink.js';

const eventLevel: Record<'debug' | 'info' | 'warning' | 'error', MessageLevel> = { debug: 'debug', info: 'info', warning: 'warn', error: 'error' };

/**
 * The run as log records. The event stream's facts sit at `debug`/`info`, below the default
 * `warn`: what the human output already says is not said twice. `log` events keep their own
 * level. A branch child leaves `log` events to its parent (they travel on the events fd).
 */
export function makeLogSink(logger: Logger, options: { relayedByParent: boolean }): EventSink {
  return {
    handle(event: TeaEvent) {
      const [level, message, fields] = describe(event, options.relayedByParent) ?? [];
      if (level !== undefined && logger.isEnabled(level)) logger.log(level, message!, fields);
    },
  };
}

function describe(event: TeaEvent, relayedByParent: boolean): [MessageLevel, string, Record<string, unknown>] | undefined {
  switch (event.type) {
    case 'run_start':
      return ['info', 'run started', { workflow: event.workflow, entry_point: event.entryPoint, exit_point: event.exitPoint }];
    case 'node_start':
      return ['debug', 'node started', { node: event.node }];
    case 'node_end':
      return ['debug', 'node finished', { node: event.node, duration_ms: Math.round(event.durationMs) }];
    case 'output':
      return ['trace', 'output', { node: event.node, stream: event.stream, text: event.text, branch: event.branch?.name }];
    case 'log':
      if (relayedByParent) return undefined;
      return [eventLevel[event.level], event.branch ? `${branchTag(event.branch)} ${event.message}` : event.message, {}];
    case 'interrupt':
      return ['info', 'interrupted', { node: event.node, when: event.when, checkpoint: event.checkpoint }];
    case 'fanout':
      return ['info', 'fan-out started', { node: event.node, branches: event.branches, strategy: event.strategy, max_concurrency: event.maxConcurrency }];
    case 'branch_queued':
      return ['debug', 'branch queued', { branch: event.branch.name }];
    case 'branch_started':
      return ['debug', 'branch started', { branch: event.branch.name, attempt: event.attempt, pid: event.pid }];
    case 'branch_retried':
      return ['info', 'branch retried', { branch: event.branch.name, attempt: event.attempt, error: event.error, delay_ms: Math.round(event.delayMs) }];
    case 'branch_killed':
      return ['info', 'branch killed', { branch: event.branch.name, signal: event.signal, reason: event.reason }];
    case 'branch_finished':
      return [
        event.status === 'ok' ? 'debug' : 'info',
        'branch finished',
        { branch: event.branch.name, status: event.status, attempts: event.attempts, duration_ms: Math.round(event.durationMs), exit_code: event.exitCode, error: event.error, reused: event.reused },
      ];
    case 'fanin':
      return ['info', 'fan-in', { node: event.node, fan_in: event.fanIn, results: event.results, failed: event.failed }];
    case 'error':
      return ['debug', 'run failed', { node: event.node, code: event.error.code, error: event.message }];
    case 'final':
      return ['info', 'run completed', {}];
    default:
      return exhaustive(event);
  }
}

/** Every event type has a line above (or an explicit `undefined`): a new one fails to compile until it does. */
function exhaustive(event: never): undefined {
  void event;
  return undefined;
}
