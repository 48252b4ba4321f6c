// Which python3 starts the worker: TEA_PYTHON, PATH, and pyenv-style shims resolved once and cached.
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { interpreterCacheFile } from '../../../src/runtimes/python/interpreter-cache.js';
import { findPythonInterpreter, resolvePythonInterpreter } from '../../../src/runtimes/python/interpreter.js';

let dir: string;
let realPython: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tea-interpreter-'));
  realPython = execFileSync(await resolvePythonInterpreter(), ['-c', 'import sys; print(sys.executable)'], {
    encoding: 'utf8',
  }).trim();
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A shim like pyenv's: a script that logs each start and execs the real interpreter. */
async function makeShim(): Promise<{ env: NodeJS.ProcessEnv; starts: () => Promise<number> }> {
  const bin = path.join(dir, 'bin');
  const log = path.join(dir, 'starts.log');
  await mkdir(bin);
  await writeFile(path.join(bin, 'python3'), `#!/bin/sh\necho start >> "${log}"\nexec "${realPython}" "$@"\n`);
  await chmod(path.join(bin, 'python3'), 0o755);
  const env = { PATH: bin, XDG_CACHE_HOME: path.join(dir, 'cache'), PYENV_ROOT: path.join(dir, 'pyenv') };
  const starts = async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
  return { env, starts };
}

describe('findPythonInterpreter', () => {
  it('TEA_PYTHON wins over PATH', async () => {
    expect(await findPythonInterpreter({ env: { TEA_PYTHON: '/opt/py/bin/python3', PATH: '/usr/bin' }, cwd: dir })).toBe(
      '/opt/py/bin/python3',
    );
  });

  it('a binary python3 on PATH is used as is, with no cache', async () => {
    const bin = path.join(dir, 'bin');
    await mkdir(bin);
    await symlink(realPython, path.join(bin, 'python3'));
    const env = { PATH: bin, XDG_CACHE_HOME: path.join(dir, 'cache') };
    expect(await findPythonInterpreter({ env, cwd: dir })).toBe(path.join(bin, 'python3'));
    await expect(readFile(interpreterCacheFile(env))).rejects.toThrow();
  });

  it('a shim is resolved to the real binary once, then read from the cache', async () => {
    const { env, starts } = await makeShim();
    expect(await findPythonInterpreter({ env, cwd: dir })).toBe(realPython);
    expect(await starts()).toBe(1);
    expect(await findPythonInterpreter({ env, cwd: dir })).toBe(realPython);
    expect(await starts()).toBe(1);
    expect(interpreterCacheFile(env)).toBe(path.join(dir, 'cache', 'tea', 'python-interpreter.json'));
    expect(Object.values(JSON.parse(await readFile(interpreterCacheFile(env), 'utf8')).entries)).toEqual([realPython]);
  });

  it('a changed shim, a new version file or a stale entry asks the shim again', async () => {
    const { env, starts } = await makeShim();
    await findPythonInterpreter({ env, cwd: dir });
    const later = new Date(Date.now() + 5000);
    await utimes(path.join(dir, 'bin', 'python3'), later, later);
    await findPythonInterpreter({ env, cwd: dir });
    expect(await starts()).toBe(2);
    await writeFile(path.join(dir, '.python-version'), '3.11\n');
    await findPythonInterpreter({ env, cwd: dir });
    expect(await starts()).toBe(3);
    const file = interpreterCacheFile(env);
    const cache = JSON.parse(await readFile(file, 'utf8'));
    for (const key of Object.keys(cache.entries)) cache.entries[key] = path.join(dir, 'gone', 'python3');
    await writeFile(file, JSON.stringify(cache));
    expect(await findPythonInterpreter({ env, cwd: dir })).toBe(realPython);
    expect(await starts()).toBe(4);
  });

  it('no python3 on PATH: RUNTIME_UNAVAILABLE naming TEA_PYTHON', async () => {
    await expect(findPythonInterpreter({ env: { PATH: dir }, cwd: dir })).rejects.toMatchObject({
      code: 'RUNTIME_UNAVAILABLE',
      message:
        "Python 3 is needed to run Python blocks, but `python3` was not found on PATH. Install Python 3, or set TEA_PYTHON to the interpreter's path.",
    });
  });
});
