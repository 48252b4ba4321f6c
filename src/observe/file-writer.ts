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

/** Why a file or folder could not be made, in words (an fs error's code otherwise). */
export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'its folder does not exist';
  if (code === 'ENOTDIR') return 'a part of its path is not a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  if (code === 'EEXIST') return 'a file is in the way';
  return code ?? (error as Error).message;
}
