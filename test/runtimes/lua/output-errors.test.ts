// print() reaches onOutput as whole lines; Lua errors fail the node with the line in the block.
import { describe, expect, it } from 'vitest';
import { isTeaError } from '../../../src/errors.js';
import { failLua, runLua } from './helpers.js';

describe('print', () => {
  it('sends one whole line per call, formatted as Lua prints, before the result', async () => {
    const { chunks, value } = await runLua('print("a")\nprint("b", 1, 2.5, nil, true)\nprint()\nprint("multi\\nline")\nreturn 1');
    expect(chunks).toEqual(['a\n', 'b\t1\t2.5\tnil\ttrue\n', '\n', 'multi\nline\n']);
    expect(value).toBe(1);
  });

  it('keeps non-ASCII text', async () => {
    expect((await runLua('print("héllo ✓ 日本")')).chunks).toEqual(['héllo ✓ 日本\n']);
  });
});

describe('errors', () => {
  it('a runtime error names the node and the line inside the block', async () => {
    const error = await failLua('local a = 1\nlocal b = nil\nreturn a + b', {}, { node: 'adder' });
    expect(isTeaError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'NODE_FAILED',
      node: 'adder',
      line: 3,
      message: "attempt to perform arithmetic on a nil value (local 'b')",
    });
    expect(error.detail).toContain('stack traceback');
  });

  it('a syntax error gives the line too', async () => {
    const error = await failLua('local x = 1\nif x then\nreturn 1');
    expect(error).toMatchObject({ code: 'NODE_FAILED', line: 3 });
    expect(error.message).toMatch(/^Lua syntax error: 'end' expected \(to close 'if' at line 2\)/);
  });

  it('errors inside functions and C functions point at the user’s line', async () => {
    const nested = await failLua('local function f(t)\n  return t.x.y\nend\n\nreturn f({})');
    expect(nested).toMatchObject({ line: 2, message: "attempt to index a nil value (field 'x')" });
    const inC = await failLua('local ok = true\nreturn string.rep()');
    expect(inC).toMatchObject({ line: 2, message: "bad argument #1 to 'rep' (string expected, got no value)" });
  });

  it('error() with a string, a level 0 and a table value', async () => {
    expect(await failLua('\nerror("custom failure")')).toMatchObject({ line: 2, message: 'custom failure' });
    expect(await failLua('error("bare", 0)')).toMatchObject({ message: 'bare' });
    expect(await failLua('error({code = 1})')).toMatchObject({ message: '(error object is a table value)' });
  });

  it('a result Lua cannot express as JSON is NOT_SERIALIZABLE, naming the key', async () => {
    const error = await failLua('return {ok = 1, f = function() end}', {}, { node: 'n' });
    expect(error).toMatchObject({
      code: 'NOT_SERIALIZABLE',
      message: "Lua value of type function is not JSON serializable (key 'f' in the result of node 'n')",
    });
    const cycle = await failLua('local t = {} t.self = t return t');
    expect(cycle).toMatchObject({ code: 'NOT_SERIALIZABLE' });
    expect(cycle.message).toContain('cycle');
  });

  it('Lua code is not Jinja-rendered (TEA does not render it)', async () => {
    expect((await runLua('return "{{ state.x }}"', { x: 1 })).value).toBe('{{ state.x }}');
  });
});
