import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TeaError } from '../errors.js';
import { pyJsonDumps } from '../template/python/json.js';
import type { State, TeaEvent } from './events.js';
import { fileProblem } from './file-writer.js';
import type { EventSink } from './sink.js';

/** TEA's file-name rule: `[^A-Za-z0-9_-]` becomes `_`, at most 128 characters. */
function safeNodeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 128) || '_';
}

/**
 * `--debug-state DIR` (core.md §4.1): after each node `NN-after-<node>.json`, on an error
 * `NN-FAILED-<node>.json`, each `{step, node, state}` (+ `traceback`, the error text) as
 * TEA writes them. A fan-out writes one file for its node, none per branch (branch runs'
 * node events stay inside the branch).
 * A file that cannot be written is skipped, as TEA does.
 */
export function makeDebugStateSink(dir: string, warn: (text: string) => void): EventSink {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new TeaError('BAD_INPUT', `Cannot create the --debug-state folder ${dir}: ${fileProblem(error)}`);
  }
  warn(`WARNING: --debug-state is enabled (dir: ${dir}). Captured state may contain sensitive data; intended for development only.\n`);
  let step = 0;
  let lastState: State = {};
  const dump = (kind: 'after' | 'FAILED', node: string, state: State, traceback?: string) => {
    step += 1;
    const payload: Record<string, unknown> = { step, node, state };
    if (traceback !== undefined) payload.traceback = traceback;
    try {
      writeFileSync(path.join(dir, `${String(step).padStart(2, '0')}-${kind}-${safeNodeName(node)}.json`), pyJsonDumps(payload, { indent: 2 }));
    } catch {
      // A debugging aid must not fail the run.
    }
  };
  return {
    handle(event: TeaEvent) {
      if (event.type === 'run_start') lastState = event.state;
      else if (event.type === 'node_end') {
        lastState = event.state;
        dump('after', event.node, event.state);
      } else if (event.type === 'error') dump('FAILED', event.node, lastState, event.message);
    },
  };
}
