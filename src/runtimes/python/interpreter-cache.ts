/**
 * A small JSON file under `$XDG_CACHE_HOME/tea/` (or `~/.cache/tea/`) remembering which
 * binary a python3 shim resolves to. Best effort: any read or write problem means "no cache".
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const maxEntries = 32;

interface CacheFile {
  version: 1;
  entries: Record<string, string>;
}

export function interpreterCacheFile(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'tea', 'python-interpreter.json');
}

export async function readCachedInterpreter(env: NodeJS.ProcessEnv, key: string): Promise<string | undefined> {
  return (await readCache(env)).entries[key];
}

export async function writeCachedInterpreter(env: NodeJS.ProcessEnv, key: string, executable: string): Promise<void> {
  const file = interpreterCacheFile(env);
  const cache = await readCache(env);
  delete cache.entries[key]; // re-insert last: the oldest entries are dropped first
  cache.entries[key] = executable;
  const keys = Object.keys(cache.entries);
  for (const old of keys.slice(0, Math.max(0, keys.length - maxEntries))) delete cache.entries[old];
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(cache));
    await rename(temporary, file); // concurrent tea processes never read a half-written file
  } catch {
    // a read-only home only costs the shim round trip next time
  }
}

async function readCache(env: NodeJS.ProcessEnv): Promise<CacheFile> {
  try {
    const parsed = JSON.parse(await readFile(interpreterCacheFile(env), 'utf8')) as Partial<CacheFile>;
    if (parsed.version === 1 && typeof parsed.entries === 'object' && parsed.entries !== null) {
      return { version: 1, entries: { ...parsed.entries } };
    }
  } catch {
    // missing or corrupt: start over
  }
  return { version: 1, entries: {} };
}
