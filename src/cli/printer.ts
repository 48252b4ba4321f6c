import { writeSync } from 'node:fs';

/**
 * Where human output goes. Writes are synchronous (fd writes), so lines from the engine,
 * from Python prints and from our own messages keep the order they happened in.
 * With `--output -`, stdout belongs to the final JSON and everything human moves to stderr.
 */
export class Printer {
  constructor(
    private readonly humanToStderr = false,
    private readonly stdoutFd = 1,
    private readonly stderrFd = 2,
  ) {}

  /** Runner output (banner, ✓ lines): stdout, unless stdout carries the JSON result. */
  human(text: string): void {
    this.write(this.humanToStderr ? this.stderrFd : this.stdoutFd, text);
  }

  /** Diagnostics: always stderr. */
  error(text: string): void {
    this.write(this.stderrFd, text);
  }

  /** The machine result: always stdout. */
  data(text: string): void {
    this.write(this.stdoutFd, text);
  }

  private write(fd: number, text: string): void {
    let buffer = Buffer.from(text, 'utf8');
    while (buffer.length > 0) {
      try {
        const written = writeSync(fd, buffer);
        buffer = buffer.subarray(written);
      } catch (error) {
        // A non-blocking pipe that is full: try again; a closed reader: drop the output.
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
        if ((error as NodeJS.ErrnoException).code === 'EPIPE') return;
        throw error;
      }
    }
  }
}
