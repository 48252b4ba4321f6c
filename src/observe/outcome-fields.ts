import type { EventOf } from './events.js';

/** How a branch ended, in the snake_case fields every record of it carries (NDJSON, --results). */
export function outcomeFields(event: EventOf<'branch_finished'>): Record<string, unknown> {
  return {
    status: event.status,
    attempts: event.attempts,
    duration_ms: Math.round(event.durationMs),
    exit_code: event.exitCode ?? null,
    signal: event.signal ?? null,
    error: event.error ?? null,
  };
}
