/**
 * What a terminal shows after receiving `bytes`: the rows of its scrollback. Enough of a
 * terminal for progress lines: printable text, `\r`, `\n`, erase-line (`ESC[2K`, `ESC[K`);
 * colours and other escape sequences are dropped.
 */
export function screenRows(bytes: string): string[] {
  const rows: string[][] = [[]];
  let column = 0;
  const row = () => rows[rows.length - 1]!;
  for (let index = 0; index < bytes.length; index++) {
    const char = bytes[index]!;
    if (char === '\u001b') {
      const match = /^\u001b\[([0-9;]*)([A-Za-z])/.exec(bytes.slice(index));
      if (!match) continue;
      index += match[0].length - 1;
      if (match[2] === 'K') {
        if (match[1] === '2') rows[rows.length - 1] = [];
        else row().length = column;
      }
      continue;
    }
    if (char === '\r') column = 0;
    else if (char === '\n') {
      rows.push([]);
      column = 0;
    } else {
      row()[column++] = char;
    }
  }
  const text = rows.map((cells) => Array.from(cells, (cell) => cell ?? ' ').join(''));
  if (text.at(-1) === '') text.pop();
  return text;
}
