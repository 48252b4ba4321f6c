import { Printer } from '../../src/cli/printer.js';
import type { OutputFacts } from '../../src/cli/render/select-renderer.js';

/** A Printer that keeps what it is given, in order, instead of writing to fds 1 and 2. */
export class CapturePrinter extends Printer {
  readonly writes: { stream: 'stdout' | 'stderr'; text: string }[] = [];

  constructor(private readonly toStderr = false) {
    super(toStderr);
  }

  override human(text: string): void {
    this.writes.push({ stream: this.toStderr ? 'stderr' : 'stdout', text });
  }

  override error(text: string): void {
    this.writes.push({ stream: 'stderr', text });
  }

  override data(text: string): void {
    this.writes.push({ stream: 'stdout', text });
  }

  get stdout(): string {
    return this.writes.filter((write) => write.stream === 'stdout').map((write) => write.text).join('');
  }

  get stderr(): string {
    return this.writes.filter((write) => write.stream === 'stderr').map((write) => write.text).join('');
  }

  /** Both streams as one terminal shows them. */
  get terminal(): string {
    return this.writes.map((write) => write.text).join('');
  }
}

/** Output facts for selectRenderer: a terminal or a pipe, a CI or not, with no real fd touched. */
export function fakeFacts(printer: Printer, facts: Partial<Omit<OutputFacts, 'writeStderr'>> = {}): OutputFacts {
  return { stdoutIsTTY: false, stderrIsTTY: false, columns: () => 100, env: {}, writeStderr: (text) => printer.error(text), ...facts };
}
