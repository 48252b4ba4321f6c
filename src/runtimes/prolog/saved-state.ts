/**
 * A SWI-Prolog saved state of the driver with its libraries (clpfd, sandbox, json) loaded.
 * Starting from it takes 20 ms instead of 160 ms, most of which is loading clpfd. It is
 * built once per machine (0.45 s) into the temp directory, keyed by the driver's
 * source and the swipl binary, and a failed build costs only the speed.
 */
import { packagePath } from '../../util/package-root.js';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

// Plain Prolog kept in src/ (as worker.py is): the path works from src/ and from dist/.
export const driverDir = `${packagePath('src', 'runtimes', 'prolog', 'driver')}/`;
export const driverFile = path.join(driverDir, 'tea-driver.pl');

const run = promisify(execFile);
const builds = new Map<string, Promise<string | undefined>>();

/** The saved state for this swipl, building it on first use; undefined if that failed. */
export function ensureSavedState(swipl: string, cacheDir = defaultCacheDir()): Promise<string | undefined> {
  const key = `${swipl}\0${cacheDir}`;
  let build = builds.get(key);
  if (build === undefined) {
    build = buildSavedState(swipl, cacheDir).catch(() => undefined);
    builds.set(key, build);
  }
  return build;
}

async function buildSavedState(swipl: string, cacheDir: string): Promise<string | undefined> {
  const target = path.join(cacheDir, `tea-driver-${await stateKey(swipl)}.prc`);
  await mkdir(cacheDir, { recursive: true, mode: 0o700 });
  // swipl runs whatever state it is given: in a shared temp dir, trust only our own folder.
  if (!(await isPrivateFolder(path.dirname(cacheDir))) || !(await isPrivateFolder(cacheDir))) return undefined;
  if (await exists(target)) return target;
  // Build beside the target and rename: two tea processes may build at the same time.
  const partial = `${target}.${process.pid}.partial`;
  try {
    await run(swipl, ['-q', '-f', 'none', '--no-packs', '-o', partial, '-c', driverFile], { timeout: 60_000 });
    await rename(partial, target);
  } finally {
    await rm(partial, { force: true });
  }
  return target;
}

// Any change to the driver's files or to the binary gives a new state.
async function stateKey(swipl: string): Promise<string> {
  const hash = createHash('sha256');
  const binary = await stat(swipl);
  hash.update(`${swipl}\0${binary.size}\0${binary.mtimeMs}\0`);
  for (const name of (await readdir(driverDir)).filter((file) => file.endsWith('.pl')).sort()) {
    hash.update(name).update(await readFile(path.join(driverDir, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

// Per user, so one user's state is never run by another.
function defaultCacheDir(): string {
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : os.userInfo().username;
  return path.join(os.tmpdir(), `tea-${user}`, 'prolog');
}

// Ours and writable by nobody else, so nobody can plant a state for us to run.
async function isPrivateFolder(folder: string): Promise<boolean> {
  const info = await stat(folder);
  const ours = typeof process.getuid !== 'function' || info.uid === process.getuid();
  return info.isDirectory() && ours && (info.mode & 0o022) === 0;
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}
