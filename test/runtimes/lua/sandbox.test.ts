// TEA's sandbox: os, io, debug, loadfile and dofile are gone; safe libraries stay.
import { describe, expect, it } from 'vitest';
import { failLua, runLua } from './helpers.js';

describe('Lua sandbox', () => {
  it('removes os, io, debug, loadfile and dofile', async () => {
    const { value } = await runLua('return {type(os), type(io), type(debug), type(loadfile), type(dofile)}');
    expect(value).toEqual(['nil', 'nil', 'nil', 'nil', 'nil']);
  });

  it('a call to a removed library fails the node', async () => {
    const error = await failLua('os.execute("touch /tmp/tea-lua-escape")');
    expect(error).toMatchObject({ code: 'NODE_FAILED', line: 1 });
    expect(error.message).toContain("global 'os'");
  });

  it('keeps string, math, table, utf8, coroutine and text-only load', async () => {
    const code = [
      'local co = coroutine.wrap(function() coroutine.yield(1) end)',
      'return {',
      '  string.upper("a"), math.floor(2.7), table.concat({"x", "y"}, "-"), utf8.char(233), co(),',
      '  load("return 40 + 2")(), select(2, load(string.dump(function() end)))',
      '}',
    ].join('\n');
    const { value } = await runLua(code);
    expect(value).toEqual(['A', 2, 'x-y', 'é', 1, 42, "attempt to load a binary chunk (mode is 't')"]);
  });

  it('load() keeps an explicit environment', async () => {
    expect((await runLua('return load("return x", "c", "t", {x = 7})()')).value).toBe(7);
  });
});
