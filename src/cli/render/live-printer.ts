import { Printer } from '../printer.js';
import type { ProgressLine } from './progress-line.js';

/**
 * A Printer that shares a terminal with the progress line: before text goes to a TTY the
 * line is erased, and it comes back after, so no output ever lands on the same row as it.
 * Writes to a redirected stream leave the line alone. Writing itself is `base`'s job.
 */
export class LivePrinter extends Printer {
  constructor(
    private readonly base: Printer,
    private readonly toStderr: boolean,
    private readonly line: ProgressLine,
    private readonly tty: { stdout: boolean; stderr: boolean },
  ) {
    super(toStderr);
  }

  override human(text: string): void {
    this.#around(this.toStderr ? this.tty.stderr : this.tty.stdout, text, () => this.base.human(text));
  }

  override error(text: string): void {
    this.#around(this.tty.stderr, text, () => this.base.error(text));
  }

  override data(text: string): void {
    this.#around(this.tty.stdout, text, () => this.base.data(text));
  }

  #around(toTerminal: boolean, text: string, write: () => void): void {
    if (!toTerminal || text === '') return write();
    this.line.clear();
    write();
    this.line.wrote(text.endsWith('\n'));
  }
}
