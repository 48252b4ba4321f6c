import { closeSync, openSync, writeSync } from 'node:fs';

/** A file written synchronously, line after line, so records keep the order of the events. */
export class FileWriter {
  #fd: number | undefined;

  constructor(readonly path: string, flags: 'w' | 'a' = 'w') {
    this.#fd = openSync(path, flags);
  }

  write(text: string): void {
    if (this.#fd === undefined) return;
    let buffer = Buffer.from(text);
    while (buffer.length > 0) buffer = buffer.subarray(writeSync(this.#fd, buffer));
  }

  close(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
  }
}
