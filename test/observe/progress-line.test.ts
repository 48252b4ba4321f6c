import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TeaEvent } from '../../src/observe/events.js';
import { selectRenderer, type RenderSelection } from '../../src/cli/render/select-renderer.js';
import { CapturePrinter, fakeFacts } from '../helpers/capture-printer.js';
import { screenRows } from '../helpers/virtual-terminal.js';
import { fanOutScript } from './fan-out-events.js';

const selection: RenderSelection = { file: 'wf.yaml', quiet: false, verbose: false, heartbeat: false, scoped: false, autoTrace: false, locate: () => undefined, stream: false };

/** A terminal where stdout and stderr are the same TTY, as in a tmux pane. */
function terminal(options: { columns?: number; quiet?: boolean; env?: NodeJS.ProcessEnv; stderrIsTTY?: boolean } = {}) {
  const printer = new CapturePrinter();
  const facts = fakeFacts(printer, { stdoutIsTTY: true, stderrIsTTY: options.stderrIsTTY ?? true, columns: () => options.columns ?? 100, env: options.env ?? { NO_COLOR: '1' } });
  const renderer = selectRenderer(printer, { ...selection, quiet: options.quiet ?? false }, facts);
  const emit = (...events: TeaEvent[]) => events.forEach((event) => renderer.emit(event));
  return { printer, renderer, emit, rows: () => screenRows(printer.terminal) };
}

const progressRow = /running · .* queued · .* failed/;

describe('the live progress line (stderr is a TTY)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows done/running/queued/failed, elapsed and ETA on the last row while branches run', () => {
    const s = fanOutScript(['a', 'b', 'c', 'd']);
    const t = terminal();
    t.emit(...s.start(), s.started(0), s.started(1));
    vi.advanceTimersByTime(50);
    expect(t.rows().at(-1)).toBe('⠋ fan  0/4 done · 2 running · 2 queued · 0 failed · 50ms');
    vi.advanceTimersByTime(1950);
    t.emit(s.finished(0), s.started(2), s.finished(1, 'failed', 'broken'), s.started(3));
    vi.advanceTimersByTime(100);
    // 2 of 4 finished in about 2 s: the 2 left take about as long again.
    const [, elapsed, eta] = /^. fan {2}2\/4 done · 2 running · 0 queued · 1 failed · (2\.\ds) · ETA (2\.\ds)$/.exec(t.rows().at(-1)!) ?? [];
    expect(elapsed).toBeDefined();
    expect(eta).toBe(elapsed);
    t.renderer.finish();
  });

  it('never shares a row with output: lines from interleaving branches stay whole, and the line is gone at the fan-in', () => {
    const s = fanOutScript(['a', 'b']);
    const t = terminal();
    t.emit(...s.start(), s.started(0), s.started(1));
    for (let n = 0; n < 5; n++) {
      vi.advanceTimersByTime(300);
      t.emit(s.out(0, `a says ${n}\n`), s.out(1, `b says ${n}\n`, n % 2 === 0 ? 'stdout' : 'stderr'));
    }
    vi.advanceTimersByTime(300);
    expect(t.rows().at(-1)).toMatch(progressRow);
    t.emit(s.finished(0), s.finished(1), ...s.end());
    vi.advanceTimersByTime(1000);
    const rows = t.rows();
    expect(rows.filter((row) => progressRow.test(row))).toEqual([]);
    const branchRows = rows.filter((row) => row.startsWith('[fan#'));
    expect(branchRows).toHaveLength(10);
    for (const row of branchRows) expect(row).toMatch(/^\[fan#(\d) (a|b)\] \2 says \d$/);
    expect(rows.slice(-2)).toEqual(['  [fan#1 b]  ok             1      1.2s', '✓ fan']); // the summary table ends the fan-out
    t.renderer.finish();
  });

  it('is erased when the run stops without a fan-in (Ctrl-C, failure) and is never drawn again', () => {
    const s = fanOutScript(['a', 'b']);
    const t = terminal();
    t.emit(...s.start(), s.started(0));
    vi.advanceTimersByTime(500);
    expect(t.rows().at(-1)).toMatch(progressRow);
    t.renderer.finish();
    expect(t.rows().filter((row) => progressRow.test(row))).toEqual([]);
    vi.advanceTimersByTime(5000);
    expect(t.rows().filter((row) => progressRow.test(row))).toEqual([]);
  });

  it('fits the terminal width (a wrapped line could not be erased)', () => {
    const s = fanOutScript(['a']);
    const t = terminal({ columns: 30 });
    t.emit(...s.start(), s.started(0));
    vi.advanceTimersByTime(100);
    const row = t.rows().at(-1)!;
    expect(row.length).toBeLessThanOrEqual(29);
    expect(row).toMatch(/^. fan {2}0\/1 done · 1 run.*…$/);
    t.renderer.finish();
  });

  it('is coloured on a colour terminal', () => {
    const s = fanOutScript(['a']);
    const t = terminal({ env: {} });
    t.emit(...s.start(), s.started(0));
    vi.advanceTimersByTime(100);
    expect(t.printer.stderr).toContain('\u001b[36m⠋\u001b[39m \u001b[1mfan\u001b[22m  0/1 done');
    t.renderer.finish();
  });

  it('is off under -q, when stderr is not a TTY, and for runs without fan-outs', () => {
    const s = fanOutScript(['a']);
    for (const t of [terminal({ quiet: true }), terminal({ stderrIsTTY: false })]) {
      t.emit(...s.start(), s.started(0));
      vi.advanceTimersByTime(1000);
      expect(t.printer.terminal).not.toMatch(progressRow);
      t.renderer.finish();
    }
    const sequential = terminal();
    sequential.emit({ type: 'run_start', workflow: 'wf.yaml', state: {} }, { type: 'node_start', node: 'a' });
    vi.advanceTimersByTime(1000);
    expect(sequential.printer.stderr).toBe('');
    sequential.renderer.finish();
  });
});
