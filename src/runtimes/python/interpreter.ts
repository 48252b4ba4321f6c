/**
 * Which python3 runs the worker. `TEA_PYTHON` wins; else `python3` on PATH, with a
 * pyenv-style shim (a shell script) resolved to the real binary, because starting through
 * the shim roughly doubles the worker's start-up.
 */
import { TeaError } from '../../errors.js';
import { resolveShim } from './interpreter-shim.js';
import { findOnPath, isScript, type InterpreterLookup } from './path-lookup.js';

export type { InterpreterLookup } from './path-lookup.js';

let resolved: Promise<string> | undefined;

/** The interpreter for this process, resolved once. A parent tea passes it to child tea
 * processes in `TEA_PYTHON` so they skip the lookup. */
export function resolvePythonInterpreter(): Promise<string> {
  resolved ??= findPythonInterpreter({ env: process.env, cwd: process.cwd() }).catch((error: unknown) => {
    resolved = undefined; // python3 may be installed before the next attempt
    throw error;
  });
  return resolved;
}

/** The uncached lookup, with its inputs explicit so tests can fake PATH and the cache. */
export async function findPythonInterpreter(lookup: InterpreterLookup): Promise<string> {
  const named = lookup.env.TEA_PYTHON?.trim();
  if (named) return named;
  const found = await findOnPath('python3', lookup);
  if (found === undefined) throw makeMissingPythonError('`python3` was not found on PATH');
  return (await isScript(found)) ? resolveShim(found, lookup) : found;
}

export function makeMissingPythonError(detail: string, cause?: unknown): TeaError {
  return new TeaError(
    'RUNTIME_UNAVAILABLE',
    `Python 3 is needed to run Python blocks, but ${detail}. ` +
      "Install Python 3, or set TEA_PYTHON to the interpreter's path.",
    { cause },
  );
}
