/** Finding executables on PATH and telling scripts (shims) from binaries. */
import { constants } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import path from 'node:path';

export interface InterpreterLookup {
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export async function findOnPath(name: string, { env, cwd }: InterpreterLookup): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.resolve(cwd, dir, name); // an empty PATH entry means the cwd
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

export async function isExecutableFile(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** A shim is a script (`#!`); real interpreters, and venv symlinks to them, are binaries. */
export async function isScript(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    return head.toString('latin1') === '#!';
  } finally {
    await handle.close();
  }
}
