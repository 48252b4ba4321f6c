/**
 * Cuts a stream of text chunks into whole lines (D12): `push` returns the lines completed
 * by the chunk, each with its `\n`; a trailing partial line waits for the rest, and `flush`
 * returns it with a `\n` added when its source is done. One assembler per branch and stream.
 */
export class LineAssembler {
  #partial = '';

  push(text: string): string[] {
    const joined = this.#partial + text;
    const end = joined.lastIndexOf('\n');
    if (end === -1) {
      this.#partial = joined;
      return [];
    }
    this.#partial = joined.slice(end + 1);
    return joined.slice(0, end + 1).match(/[^\n]*\n/g) ?? [];
  }

  flush(): string[] {
    const rest = this.#partial;
    this.#partial = '';
    return rest === '' ? [] : [`${rest}\n`];
  }
}
