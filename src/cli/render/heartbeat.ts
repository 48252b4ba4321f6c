import type { TeaEvent } from '../../observe/events.js';
import type { EventSink } from '../../observe/sink.js';
import type { Printer } from '../printer.js';
import { epochNow, eventTime } from '../../observe/event-time.js';

/** `--heartbeat` durations: `NNms`, `N.Ns`, `Mm Ss`, `Hh Mm Ss` (core.md §4.1). */
export function formatHeartbeatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const whole = Math.floor(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  return hours > 0 ? `${hours}h ${minutes}m ${rest}s` : `${minutes}m ${rest}s`;
}

/**
 * `--heartbeat`: a stderr line per finished node, branch or error, timed since the previous
 * one: `[<node> done in 12ms]`, `[parallel:<branch> FAILED in 1.2s]` (core.md §4.1). Shown
 * with the human output and with `--stream` alike; scoped runs have none.
 */
export function makeHeartbeatSink(printer: Printer): EventSink {
  let lastEventAt = epochNow();
  const beat = (event: TeaEvent, label: string, failed: boolean) => {
    const now = eventTime(event);
    printer.error(`[${label} ${failed ? 'FAILED' : 'done'} in ${formatHeartbeatDuration(now - lastEventAt)}]\n`);
    lastEventAt = now;
  };
  return {
    handle(event: TeaEvent) {
      if (event.type === 'node_end') beat(event, event.node, false);
      else if (event.type === 'branch_finished') beat(event, `parallel:${event.branch.name}`, event.status !== 'ok');
      else if (event.type === 'error') beat(event, event.node, true);
    },
  };
}
