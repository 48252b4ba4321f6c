import { palette, stripAnsi } from '../../observe/color.js';
import type { TeaEvent } from '../../observe/events.js';
import { FanOutTracker, countRows, estimateRemainingMs, type FanOutView } from '../../observe/fan-out-tracker.js';
import type { EventSink } from '../../observe/sink.js';
import { formatHeartbeatDuration } from './heartbeat.js';
import { epochNow } from '../../observe/event-time.js';

export interface ProgressTerminal {
  /** Writes to the terminal the line lives on (stderr), synchronously. */
  write(text: string): void;
  columns(): number;
}

export interface ProgressOptions {
  color: boolean;
  now?: () => number;
  /** How often the elapsed time and spinner move. @default 250 */
  tickMs?: number;
  /** After other output erased the line, how soon it comes back. @default 50 */
  redrawDelayMs?: number;
}

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const erase = '\r\u001b[2K';

/** `process_all  2/5 done · 1 running · 2 queued · 0 failed · 3.1s · ETA 4.6s` for one fan-out. */
export function progressText(view: FanOutView, now: number, color: boolean, more = 0): string {
  const c = palette(color);
  const counts = countRows(view);
  const eta = estimateRemainingMs(view, now);
  const parts = [
    `${c.bold(view.node)}  ${counts.done + counts.failed + counts.skipped}/${counts.total} done`,
    `${counts.running} running`,
    `${counts.queued} queued`,
    counts.failed > 0 ? c.red(`${counts.failed} failed`) : `${counts.failed} failed`,
    formatHeartbeatDuration(now - view.startedAt),
  ];
  if (eta !== undefined) parts.push(`ETA ${formatHeartbeatDuration(eta)}`);
  return parts.join(c.dim(' · ')) + (more > 0 ? c.dim(` (+${more} more fan-out${more === 1 ? '' : 's'})`) : '');
}

/**
 * The live progress line on a TTY stderr while fan-outs run. It owns one terminal line:
 * erased before anyone else writes (see LivePrinter), redrawn shortly after, never left
 * behind: gone at the fan-in, on an error, a final state, an interrupt or a stop signal.
 */
export class ProgressLine implements EventSink {
  readonly #tracker: FanOutTracker;
  readonly #now: () => number;
  #drawn = false;
  #frame = 0;
  #ticker: NodeJS.Timeout | undefined;
  #pending: NodeJS.Timeout | undefined;
  /** A writer left the cursor mid-line: redrawing would erase its text. */
  #midLine = false;
  #halted = false;
  readonly #onSignal = () => this.#halt();
  readonly #signals: NodeJS.Signals[] = [];

  constructor(
    private readonly terminal: ProgressTerminal,
    private readonly options: ProgressOptions,
  ) {
    this.#now = options.now ?? epochNow;
    this.#tracker = new FanOutTracker(this.#now);
    // Run before the stop handlers that print (they were installed first): the line must be gone by then.
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      if (process.listenerCount(signal) === 0) continue; // adding one would swallow the default action
      process.prependListener(signal, this.#onSignal);
      this.#signals.push(signal);
    }
    process.once('exit', this.#onSignal);
  }

  handle(event: TeaEvent): void {
    this.#tracker.handle(event);
    switch (event.type) {
      case 'fanout':
        if (this.#halted) return;
        this.#startTicking();
        return this.#drawSoon();
      case 'fanin':
        if (this.#tracker.active().length > 0) return this.#drawSoon();
        this.clear();
        return this.#stopTicking();
      case 'error':
      case 'final':
      case 'interrupt':
        this.clear();
        return this.#stopTicking();
      case 'branch_queued':
      case 'branch_started':
      case 'branch_retried':
      case 'branch_finished':
      case 'branch_killed':
        return this.#drawSoon();
      default:
        return;
    }
  }

  /** The line as it would be drawn now; undefined when no fan-out runs. */
  text(): string | undefined {
    const active = this.#tracker.active();
    const view = active.at(-1);
    if (!view) return undefined;
    const now = this.#now();
    const spinner = frames[this.#frame % frames.length]!;
    const full = `${spinner} ${progressText(view, now, this.options.color, active.length - 1)}`;
    const width = Math.max(10, this.terminal.columns() - 1);
    // A line wider than the terminal wraps, and `\r` would then erase only its last row.
    if (stripAnsi(full).length <= width) return this.options.color ? palette(true).cyan(spinner) + full.slice(spinner.length) : full;
    const plain = stripAnsi(full);
    return `${plain.slice(0, width - 1)}…`;
  }

  /** Erases the line, if drawn: call before writing anything else to the terminal. */
  clear(): void {
    if (!this.#drawn) return;
    this.terminal.write(erase);
    this.#drawn = false;
  }

  /** Someone wrote to the terminal (after `clear`): draw again soon, unless they left a partial line. */
  wrote(endsWithNewline: boolean): void {
    this.#midLine = !endsWithNewline;
    if (this.#ticker) this.#drawSoon();
  }

  finish(): void {
    this.#halt();
    for (const signal of this.#signals) process.off(signal, this.#onSignal);
    process.off('exit', this.#onSignal);
  }

  /** Stop signal or exit: erase and draw no more; the run is ending and others will print. */
  #halt(): void {
    this.#halted = true;
    this.clear();
    this.#stopTicking();
  }

  #draw(): void {
    this.#pending = undefined;
    if (this.#halted || this.#midLine) return;
    const text = this.text();
    if (text === undefined) return this.clear();
    this.terminal.write(`${erase}${text}`);
    this.#drawn = true;
  }

  #drawSoon(): void {
    if (this.#pending || this.#halted) return;
    this.#pending = setTimeout(() => this.#draw(), this.options.redrawDelayMs ?? 50);
    this.#pending.unref();
  }

  #startTicking(): void {
    if (this.#ticker) return;
    this.#ticker = setInterval(() => {
      this.#frame++;
      this.#draw();
    }, this.options.tickMs ?? 250);
    this.#ticker.unref();
  }

  #stopTicking(): void {
    clearInterval(this.#ticker);
    clearTimeout(this.#pending);
    this.#ticker = undefined;
    this.#pending = undefined;
  }
}
