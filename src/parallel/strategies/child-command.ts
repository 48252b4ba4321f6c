import { packagePath } from '../../util/package-root.js';
import type { BranchSpec } from '../branch.js';

/** `bin/tea.js`, three folders up from both `src/parallel/strategies` and `dist/parallel/strategies`. */
export const teaBin = packagePath('bin', 'tea.js');

/** The file descriptors a branch child uses besides stdin/stdout/stderr. */
export const eventsFd = 3;
export const watchFd = 4;

/**
 * The child command of the process strategy (documented in docs/parallel.md):
 *   static:   tea run WF --entry-point START --exit-point FAN_IN --input - --output -
 *   dynamic:  tea run WF --branch NODE --input - --output -
 *   subgraph: tea run SUB.yaml --input - --output -
 * plus `--events-fd 3 --watch-fd 4 -q`: prints and errors come back as NDJSON on fd 3, and
 * fd 4 closing tells the child its parent is gone.
 */
export function childArguments(spec: BranchSpec, workflowFile: string, options: { watchFd?: boolean; returnDelta?: boolean } = {}): string[] {
  const { body } = spec;
  // Over SSH there is no fd 4 to watch: GNU parallel's remote wrapper HUPs the job instead.
  const watch = options.watchFd === false ? [] : ['--watch-fd', String(watchFd)];
  // With `--return-delta` the child prints only the keys it changed; we rebuild the rest (D14).
  const delta = options.returnDelta ? ['--return-delta'] : [];
  const common = ['--input', '-', '--output', '-', '--quiet', '--events-fd', String(eventsFd), ...watch, ...delta];
  if (body.kind === 'path') {
    return ['run', workflowFile, '--entry-point', body.entry, '--exit-point', body.exit, ...common];
  }
  if (body.kind === 'node') return ['run', workflowFile, '--branch', body.node, ...common];
  return ['run', body.file, ...common];
}
