// How a failing block reports (core.md §1.7, §2.2 step 6, C20).
import { afterAll, describe, expect, it } from 'vitest';
import { PythonException } from '../../../src/runtimes/python/worker-errors.js';
import { PythonWorker } from '../../../src/runtimes/python/worker-client.js';
import { runBlock, runBlockError } from './helpers.js';

const worker = new PythonWorker();
afterAll(() => worker.close());

describe('exceptions become NODE_FAILED with str(e)', () => {
  it('raise ValueError("boom") (C20)', async () => {
    const error = await runBlockError(worker, 'x = 1\nraise ValueError("boom")', { node: 'b' });
    expect(error.code).toBe('NODE_FAILED');
    expect(error.message).toBe('boom');
    expect(error.node).toBe('b');
    expect(error.line).toBe(2);
    expect(error.located).toBe("2: node 'b': boom");
  });

  it("a KeyError reads 'x' with quotes", async () => {
    const error = await runBlockError(worker, 'return state["x"]');
    expect(error.message).toBe("'x'");
    expect(error.cause).toBeInstanceOf(PythonException);
    expect((error.cause as PythonException).pythonType).toBe('KeyError');
  });

  it('the line is the line inside the user block in function mode too', async () => {
    const error = await runBlockError(worker, 'a = 1\nb = 2\nc = 1 / 0\nreturn {}');
    expect(error.message).toBe('division by zero');
    expect(error.line).toBe(3);
  });

  it('an error inside a function of the block points at the deepest block line', async () => {
    const error = await runBlockError(worker, 'def f():\n    return {}["k"]\n\nf()');
    expect(error.line).toBe(2);
  });

  it('the traceback is the detail, starting at the user code, with its source lines', async () => {
    const error = await runBlockError(worker, 'def f():\n    raise RuntimeError("deep")\nf()  # return');
    expect(error.detail).toBe(
      [
        'Traceback (most recent call last):',
        '  File "<string>", line 3, in __tea_block__',
        '    f()  # return',
        '  File "<string>", line 2, in f',
        '    raise RuntimeError("deep")',
        'RuntimeError: deep',
        '',
      ].join('\n'),
    );
  });

  it('a missing module is an ImportError like any other', async () => {
    const error = await runBlockError(worker, 'import foo_not_installed_xyz');
    expect(error.code).toBe('NODE_FAILED');
    expect(error.message).toBe("No module named 'foo_not_installed_xyz'");
    expect((error.cause as PythonException).pythonType).toBe('ModuleNotFoundError');
  });

  it('syntax errors carry Python text and the line', async () => {
    const error = await runBlockError(worker, 'x = 1\nif x\n    pass');
    expect(error.code).toBe('NODE_FAILED');
    expect(error.message).toMatch(/^expected ':'|^invalid syntax/);
    expect(error.message).toContain('line 2');
    expect(error.line).toBe(2);
    expect(error.detail).toContain('SyntaxError');
  });

  it('syntax errors in function mode report the user line, not the wrapper line', async () => {
    const error = await runBlockError(worker, 'a = 1\nb = (\nreturn a');
    expect(error.line).toBe(2);
  });

  it('sys.exit() in a block is a node error, not a dead worker', async () => {
    const error = await runBlockError(worker, 'import sys\nsys.exit(3)');
    expect(error.message).toBe('3');
    expect((await runBlock(worker, 'return 1')).update).toEqual({ result: 1 });
  });

  it('an exception with an empty message keeps it empty', async () => {
    expect((await runBlockError(worker, 'raise ValueError()')).message).toBe('');
  });
});
