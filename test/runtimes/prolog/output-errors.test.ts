// Printing reaches onOutput as whole lines; errors fail the node with SWI's text and the line.
import { describe, expect, it } from 'vitest';
import { isTeaError } from '../../../src/errors.js';
import { failProlog, runProlog } from './helpers.js';

describe('output', () => {
  it('format, print, write and writeln reach stdout as whole lines, in order, before the result', async () => {
    const code = 'format("a ~w~n", [1]), print(b), nl, write(c), writeln(d), format("~a", [partial]), return(ok, true).';
    const { stdout, value } = await runProlog(code);
    expect(stdout).toEqual(['a 1\n', 'b\n', 'cd\n', 'partial\n']);
    expect(value).toEqual({ ok: true });
  });

  it('user_error goes to stderr', async () => {
    const { stdout, stderr } = await runProlog('format(user_error, "warn ~w~n", [x]), writeln(user_error, more), writeln(out).');
    expect(stderr).toEqual(['warn x\n', 'more\n']);
    expect(stdout).toEqual(['out\n']);
  });

  it('keeps non-ASCII text', async () => {
    expect((await runProlog('writeln("héllo ✓ 日本"), state(s, S), writeln(S).', { s: 'ünï' })).stdout).toEqual(['héllo ✓ 日本\n', 'ünï\n']);
  });

  it('a printed line that looks like a reply is still just output', async () => {
    const { stdout, value } = await runProlog('writeln(\'{"returns": [["x", 1]]}\'), return(y, 2).');
    expect(stdout).toEqual(['{"returns": [["x", 1]]}\n']);
    expect(value).toEqual({ y: 2 });
  });
});

describe('errors', () => {
  it('a runtime error names the node and the line of the failing term', async () => {
    const error = await failProlog('return(a, 1).\n\nX is foo + 1.', {}, { node: 'calc' });
    expect(isTeaError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'NODE_FAILED', node: 'calc', line: 3 });
    expect(error.message).toMatch(/Arithmetic: `foo(\/0)?' is not a function/);
    expect(error.detail).toContain('type_error(evaluable,foo');
  });

  it('a syntax error gives TEA’s "Prolog syntax error" and the line', async () => {
    const error = await failProlog('return(a, 1).\nfoo(.');
    expect(error).toMatchObject({ code: 'NODE_FAILED', line: 2 });
    expect(error.message).toMatch(/^Prolog syntax error: /);
  });

  it('an unknown predicate, and an uncaught throw', async () => {
    expect(await failProlog('undefined_thing(1, 2).\nno_such_goal.')).toMatchObject({ line: 2, message: 'Unknown procedure: no_such_goal/0' });
    expect(await failProlog('throw(my_ball).')).toMatchObject({ message: 'Unhandled exception: my_ball' });
  });
});
