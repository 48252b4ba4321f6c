/**
 * Python's `json.loads` error text for text that JSON.parse rejected, e.g.
 * `Expecting property name enclosed in double quotes: line 1 column 2 (char 1)`.
 * TEA users see these in `--input` and `json.parse` errors.
 */
export function pythonJsonError(text: string): string {
  const parser = new Scanner(text);
  try {
    parser.skip();
    parser.value();
    parser.skip();
    if (parser.pos < text.length) parser.fail('Extra data', parser.pos);
  } catch (error) {
    if (error instanceof ScanError) return error.message;
    throw error;
  }
  return `Expecting value: ${where(text, 0)}`;
}

class ScanError extends Error {}

function where(text: string, pos: number): string {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - (before.lastIndexOf('\n') + 1) + 1;
  return `line ${line} column ${column} (char ${pos})`;
}

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  fail(message: string, pos: number): never {
    throw new ScanError(`${message}: ${where(this.text, pos)}`);
  }

  skip(): void {
    while (/[ \t\n\r]/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  value(): void {
    const char = this.text[this.pos];
    if (char === '{') return this.object();
    if (char === '[') return this.array();
    if (char === '"') return this.string();
    const literal = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|NaN|Infinity|-Infinity)/.exec(
      this.text.slice(this.pos),
    );
    if (!literal) this.fail('Expecting value', this.pos);
    this.pos += literal[0].length;
  }

  object(): void {
    this.pos++;
    this.skip();
    if (this.text[this.pos] === '}') return void this.pos++;
    while (true) {
      if (this.text[this.pos] !== '"') this.fail('Expecting property name enclosed in double quotes', this.pos);
      this.string();
      this.skip();
      if (this.text[this.pos] !== ':') this.fail("Expecting ':' delimiter", this.pos);
      this.pos++;
      this.skip();
      this.value();
      this.skip();
      const next = this.text[this.pos];
      this.pos++;
      if (next === '}') return;
      if (next !== ',') this.fail("Expecting ',' delimiter", this.pos - 1);
      this.skip();
    }
  }

  array(): void {
    this.pos++;
    this.skip();
    if (this.text[this.pos] === ']') return void this.pos++;
    while (true) {
      this.value();
      this.skip();
      const next = this.text[this.pos];
      this.pos++;
      if (next === ']') return;
      if (next !== ',') this.fail("Expecting ',' delimiter", this.pos - 1);
      this.skip();
    }
  }

  string(): void {
    const start = this.pos;
    this.pos++;
    while (this.pos < this.text.length) {
      const char = this.text[this.pos]!;
      if (char === '"') return void this.pos++;
      if (char === '\\') {
        const escape = this.text[this.pos + 1];
        if (escape === undefined || !'"\\/bfnrtu'.includes(escape)) this.fail('Invalid \\escape', this.pos);
        this.pos += 2;
        continue;
      }
      if (char.charCodeAt(0) < 0x20) this.fail('Invalid control character at', this.pos);
      this.pos++;
    }
    this.fail('Unterminated string starting at', start);
  }
}
