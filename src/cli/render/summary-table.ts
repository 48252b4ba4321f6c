import { palette } from '../../observe/color.js';
import type { TeaEvent } from '../../observe/events.js';
import { FanOutTracker, countRows, isFailedStatus, type BranchRow, type FanOutView } from '../../observe/fan-out-tracker.js';
import { branchTag } from '../../observe/prefix.js';
import type { EventSink } from '../../observe/sink.js';
import type { Printer } from '../printer.js';
import { statusWord } from './branch-words.js';
import { formatHeartbeatDuration } from './heartbeat.js';
import { epochNow } from '../../observe/event-time.js';

/** Past this many rows, ok branches are left out (failed ones never are). @default 20 */
export const summaryRowLimit = 20;

const paddedEnd = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - text.length));
const paddedStart = (text: string, width: number) => ' '.repeat(Math.max(0, width - text.length)) + text;
const firstLine = (text: string | undefined, max = 60) => {
  const line = (text ?? '').split('\n')[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/** The rows to show: all of them, or every non-ok one plus the first ok ones up to the limit. */
function shownRows(rows: BranchRow[], limit: number): BranchRow[] {
  if (rows.length <= limit) return rows;
  const keep = new Set(rows.filter((row) => row.status !== 'ok'));
  for (const row of rows) if (keep.size < limit) keep.add(row);
  return rows.filter((row) => keep.has(row));
}

/** The table printed when a fan-out joins: one row per branch with status, attempts and duration. */
export function summaryTable(view: FanOutView, now: number, color: boolean, limit = summaryRowLimit): string {
  const c = palette(color);
  const rows = view.rows.filter(Boolean);
  const counts = countRows(view);
  const heading =
    `${view.node}: ${counts.total} branch${counts.total === 1 ? '' : 'es'}, ${counts.done} ok, ${counts.failed} failed` +
    `${counts.skipped > 0 ? `, ${counts.skipped} skipped` : ''} in ${formatHeartbeatDuration(now - view.startedAt)}`;
  const shown = shownRows(rows, limit);
  const cells = shown.map((row) => ({
    row,
    branch: branchTag(row.ref),
    status: `${statusWord(row.status)}${row.reused ? ' (reused)' : ''}`,
    attempts: String(row.attempts),
    duration: row.durationMs === undefined ? '-' : formatHeartbeatDuration(row.durationMs),
    error: row.status === 'ok' ? '' : firstLine(row.error),
  }));
  const width = (key: 'branch' | 'status' | 'attempts' | 'duration', title: string) => Math.max(title.length, ...cells.map((cell) => cell[key].length));
  const w = { branch: width('branch', 'branch'), status: width('status', 'status'), attempts: width('attempts', 'attempts'), duration: width('duration', 'duration') };
  const paint = (row: BranchRow, text: string) => (row.status === 'ok' ? c.green(text) : isFailedStatus(row.status) ? c.red(text) : c.yellow(text));
  const lines = [
    c.bold(heading),
    c.dim(`  ${paddedEnd('branch', w.branch)}  ${paddedEnd('status', w.status)}  ${paddedStart('attempts', w.attempts)}  ${paddedStart('duration', w.duration)}  error`.trimEnd()),
    ...cells.map((cell) =>
      `  ${paddedEnd(cell.branch, w.branch)}  ${paint(cell.row, paddedEnd(cell.status, w.status))}  ${paddedStart(cell.attempts, w.attempts)}  ${paddedStart(cell.duration, w.duration)}  ${cell.error}`.trimEnd(),
    ),
  ];
  if (shown.length < rows.length) lines.push(c.dim(`  … ${rows.length - shown.length} more ok branches not shown`));
  return `${lines.join('\n')}\n`;
}

/** At the end of each parallel node, its summary table on stderr (our addition: never stdout). */
export function makeSummarySink(printer: Printer, options: { color: boolean; now?: () => number }): EventSink {
  const now = options.now ?? epochNow;
  const tracker = new FanOutTracker(now);
  return {
    handle(event: TeaEvent) {
      const view = tracker.handle(event);
      if (event.type === 'fanin' && view && view.rows.length > 0) printer.error(summaryTable(view, view.endedAt ?? now(), options.color));
    },
  };
}
