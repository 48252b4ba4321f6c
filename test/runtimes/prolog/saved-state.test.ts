// The driver's saved state is built once and reused; without one, blocks still run.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureSavedState } from '../../../src/runtimes/prolog/saved-state.js';
import { resolveSwipl } from '../../../src/runtimes/prolog/index.js';
import { runProlog } from './helpers.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tea-prolog-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('saved state', () => {
  it('is built once into the cache folder and found again by its key', async () => {
    const swipl = await resolveSwipl();
    const built = await ensureSavedState(swipl, path.join(dir, 'cache'));
    expect(built).toBeDefined();
    expect(existsSync(built!)).toBe(true);
    expect(await ensureSavedState(swipl, path.join(dir, 'cache'))).toBe(built);
    expect(readdirSync(path.join(dir, 'cache'))).toEqual([path.basename(built!)]); // no partial files left
  });

  it('is not built in, nor taken from, a folder that others can write to', async () => {
    const shared = path.join(dir, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    expect(await ensureSavedState(await resolveSwipl(), path.join(shared, 'cache'))).toBeUndefined();
  });

  it('when it cannot be built, blocks load the driver from source instead', async () => {
    const blocker = path.join(dir, 'not-a-folder');
    writeFileSync(blocker, '');
    const swipl = await resolveSwipl();
    expect(await ensureSavedState(swipl, path.join(blocker, 'cache'))).toBeUndefined();
    const tmpdir = process.env.TMPDIR;
    process.env.TMPDIR = blocker; // the default cache folder now sits under a file
    try {
      expect((await runProlog('X in 1..3, X #> 2, return(x, X).')).value).toEqual({ x: 3 });
    } finally {
      if (tmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmpdir;
    }
  });
});
