/**
 * Turns a byte stream into whole lines, so two children's output never shares a line (D12).
 * A partial line waits for its end; `flush` hands over what is left when the stream ends.
 */
export class LineSplitter {
  #pending = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    const text = this.#pending + chunk;
    let start = 0;
    let newline = text.indexOf('\n', start);
    while (newline !== -1) {
      this.onLine(text.slice(start, newline + 1));
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    this.#pending = text.slice(start);
  }

  /** Emits an unterminated last line with a newline added. */
  flush(): void {
    if (this.#pending) this.onLine(`${this.#pending}\n`);
    this.#pending = '';
  }
}
