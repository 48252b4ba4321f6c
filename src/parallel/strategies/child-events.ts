import { errorTypeOf } from '../../errors.js';
import type { BranchRef, TeaEvent } from '../../observe/events.js';
import { prefixFor } from '../../observe/prefix.js';
import { parseJsonKeepingFloats, stringifyJsonKeepingFloats } from '../../util/python-floats.js';
import { eventTime, stampEvent } from '../../observe/event-time.js';

/** What a child reported on its events fd that the record needs. */
export interface ChildReport {
  error?: { node?: string; message: string; detail?: string; errorType?: string };
}

/**
 * Handles one NDJSON line from a child's events fd: prints and logs are relayed to our own
 * event stream tagged with the branch (a nested branch keeps its prefix inside the text);
 * the child's `error` is kept for the branch record.
 */
export function handleChildEvent(line: string, branch: BranchRef, emit: (event: TeaEvent) => void, report: ChildReport): void {
  let event: Record<string, unknown>;
  try {
    event = parseJsonKeepingFloats(line) as Record<string, unknown>;
  } catch {
    emit({ type: 'output', stream: 'stderr', text: line, branch });
    return;
  }
  handleChildMessage(event, branch, emit, report);
}

/** The same for an event already parsed (the pool protocol carries it inside a reply line). */
export function handleChildMessage(event: Record<string, unknown>, branch: BranchRef, emit: (event: TeaEvent) => void, report: ChildReport): void {
  const inner = event.branch as BranchRef | undefined;
  const relabel = (text: string) => (inner ? text.replace(/^(?=.)/gm, prefixFor(inner)) : text);
  // When the child emitted it (the same clock in every process here), not when it arrived.
  const stamped = <T extends object>(relayed: T): T => (typeof event.at === 'number' ? stampEvent(relayed, event.at) : relayed);
  if (event.type === 'output') {
    emit(stamped({ type: 'output', node: event.node as string | undefined, stream: event.stream === 'stderr' ? 'stderr' : 'stdout', text: relabel(String(event.text)), branch }));
  } else if (event.type === 'log') {
    emit(stamped({ type: 'log', level: (event.level as 'info') ?? 'info', message: relabel(String(event.message)), branch }));
  } else if (event.type === 'error') {
    report.error = {
      node: event.node as string | undefined,
      message: String(event.message),
      detail: event.detail as string | undefined,
      errorType: event.error_type as string | undefined,
    };
  }
}

/** The events a child sends to its parent on the events fd, one JSON line each. */
export function serializeForParent(event: TeaEvent): string | undefined {
  const message = messageForParent(event);
  return message === undefined ? undefined : stringifyJsonKeepingFloats(message);
}

/** The part of an event a parent needs, as a plain object. */
export function messageForParent(event: TeaEvent): Record<string, unknown> | undefined {
  switch (event.type) {
    case 'output':
      return { type: 'output', node: event.node, stream: event.stream, text: event.text, branch: event.branch, at: eventTime(event) };
    case 'log':
      return { type: 'log', level: event.level, message: event.message, branch: event.branch, at: eventTime(event) };
    case 'error':
      return { type: 'error', node: event.node, message: event.message, detail: event.error.detail, error_type: errorTypeOf(event.error) };
    default:
      return undefined;
  }
}
