/** Finding `swipl` (or the one TEA_SWIPL names), and the error that says how to install it. */
import path from 'node:path';
import { TeaError } from '../../errors.js';
import { findOnPath, isExecutableFile } from '../python/path-lookup.js';

export const installCommand = 'apt-get install -y --no-install-recommends swi-prolog-nox';

/** The absolute path of the SWI-Prolog binary, or RUNTIME_UNAVAILABLE. */
export async function resolveSwipl(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<string> {
  const named = env.TEA_SWIPL?.trim();
  const name = named || 'swipl';
  const found = name.includes(path.sep)
    ? (await isExecutableFile(path.resolve(cwd, name))) ? path.resolve(cwd, name) : undefined
    : await findOnPath(name, { env, cwd });
  if (found === undefined) throw makeMissingSwiplError(named ? `'${named}' (named by TEA_SWIPL) is not an executable file` : '`swipl` was not found on PATH');
  return found;
}

export function makeMissingSwiplError(why: string, cause?: unknown): TeaError {
  return new TeaError(
    'RUNTIME_UNAVAILABLE',
    `Prolog runtime requires SWI-Prolog 9: ${why}.\n` +
      `Install it with: sudo ${installCommand}\n` +
      'Or run scripts/ensure-swipl.sh from the tea repository (macOS: brew install swi-prolog).',
    { cause },
  );
}
