import { cpSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, teaBin, tempDir } from './run-cli.js';

export const examplesDir = path.join(repoRoot, 'examples');

/**
 * A scratch folder holding the examples, plus what subprocess-nested.yaml needs:
 * `python/.venv/bin/activate` putting a `tea` on PATH, and that `tea` (the one under test).
 */
export function examplesSandbox(): string {
  const dir = tempDir('tea-examples-');
  cpSync(examplesDir, dir, { recursive: true });
  mkdirSync(path.join(dir, 'python/.venv/bin'), { recursive: true });
  mkdirSync(path.join(dir, 'bin'));
  writeFileSync(path.join(dir, 'python/.venv/bin/activate'), `export PATH="${dir}/bin:$PATH"\n`);
  writeFileSync(path.join(dir, 'bin/tea'), `#!/usr/bin/env bash\nexec "${process.execPath}" "${teaBin}" "$@"\n`);
  chmodSync(path.join(dir, 'bin/tea'), 0o755);
  return dir;
}

/** A final state without the wall-clock field, to compare runs. */
export function withoutTimings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'timing_ms')
      .map(([key, item]) => [key, withoutTimings(item)]),
  );
}

/** NDJSON lines of a `--stream` run, parsed. */
export function parseStream(stdout: string): Record<string, unknown>[] {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
