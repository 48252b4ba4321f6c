/**
 * Resolves a python3 shim (pyenv, asdf) to the binary it would run, asking it once for
 * `sys.executable` and caching the answer. A shim picks its version from the environment
 * and from version files above the cwd, so those are part of the cache key.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { readCachedInterpreter, writeCachedInterpreter } from './interpreter-cache.js';
import { isExecutableFile, type InterpreterLookup } from './path-lookup.js';

const execFileAsync = promisify(execFile);
const versionEnv = ['PYENV_VERSION', 'PYENV_ROOT', 'ASDF_PYTHON_VERSION', 'ASDF_DATA_DIR'];
const versionFiles = ['.python-version', '.tool-versions'];

export async function resolveShim(shim: string, lookup: InterpreterLookup): Promise<string> {
  const key = await makeShimKey(shim, lookup);
  const cached = await readCachedInterpreter(lookup.env, key);
  if (cached !== undefined && (await isExecutableFile(cached))) return cached;
  const real = await askShim(shim, lookup);
  if (real === undefined) return shim; // the shim still works, only slower
  await writeCachedInterpreter(lookup.env, key, real);
  return real;
}

async function askShim(shim: string, { env, cwd }: InterpreterLookup): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync(shim, ['-c', 'import sys; sys.stdout.write(sys.executable)'], {
      env,
      cwd,
      timeout: 15_000,
    });
    return stdout && (await isExecutableFile(stdout)) ? stdout : undefined;
  } catch {
    return undefined;
  }
}

/** Everything that can change the shim's answer: itself, version variables, version files. */
async function makeShimKey(shim: string, { env, cwd }: InterpreterLookup): Promise<string> {
  const files: string[] = [];
  for (const name of versionFiles) files.push(await describeFile(await findUp(name, cwd)));
  const globalFile = path.join(env.PYENV_ROOT ?? path.join(os.homedir(), '.pyenv'), 'version');
  files.push(await describeFile(globalFile));
  return JSON.stringify([await describeFile(shim), versionEnv.map((name) => env[name] ?? null), files]);
}

async function findUp(name: string, from: string): Promise<string | undefined> {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, name);
    if ((await describeFile(candidate)) !== '') return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

async function describeFile(file: string | undefined): Promise<string> {
  if (file === undefined) return '';
  try {
    return `${file}@${(await stat(file)).mtimeMs}`;
  } catch {
    return '';
  }
}
