// Without SWI-Prolog the node fails with RUNTIME_UNAVAILABLE and the exact install command.
import { afterEach, describe, expect, it } from 'vitest';
import { failProlog } from './helpers.js';

const original = process.env.TEA_SWIPL;
afterEach(() => {
  if (original === undefined) delete process.env.TEA_SWIPL;
  else process.env.TEA_SWIPL = original;
});

describe('missing swipl', () => {
  it('names the binary it looked for and how to install it', async () => {
    process.env.TEA_SWIPL = '/nonexistent/bin/swipl';
    const error = await failProlog('return(a, 1).', {}, { node: 'logic' });
    expect(error).toMatchObject({ code: 'RUNTIME_UNAVAILABLE' });
    expect(error.message).toContain("'/nonexistent/bin/swipl' (named by TEA_SWIPL) is not an executable file");
    expect(error.message).toContain('apt-get install -y --no-install-recommends swi-prolog-nox');
    expect(error.message).toContain('scripts/ensure-swipl.sh');
  });

  it('looks on PATH when TEA_SWIPL is not set', async () => {
    delete process.env.TEA_SWIPL;
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const error = await failProlog('return(a, 1).');
      expect(error).toMatchObject({ code: 'RUNTIME_UNAVAILABLE' });
      expect(error.message).toContain('`swipl` was not found on PATH');
    } finally {
      process.env.PATH = path;
    }
  });
});
