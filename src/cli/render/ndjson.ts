import type { TeaEvent } from '../../observe/events.js';
import { pyJsonDumps } from '../../util/python-json.js';
import type { Printer } from '../printer.js';

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
      default:
        return;
    }
  };
}
