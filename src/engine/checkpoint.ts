import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TeaError } from '../errors.js';
import type { State } from '../observe/events.js';
import { parseJsonKeepingFloats, stringifyJsonKeepingFloats } from '../util/python-floats.js';

export interface Checkpoint {
  state: State;
  node: string;
  config: Record<string, unknown>;
  timestamp: number;
  version: '1.0';
}

/** TEA's five checkpoint keys, as JSON instead of a pickle: `<node>_<epoch_ms>.json`. */
export async function saveCheckpoint(dir: string, node: string, state: State, when: 'before' | 'after'): Promise<string> {
  await mkdir(dir, { recursive: true });
  const timestamp = Date.now();
  const file = path.join(dir, `${node}_${timestamp}.json`);
  // `config.interrupt` lets `tea resume` skip a node that already ran (TEA re-runs it, core.md §9 item 2).
  const checkpoint: Checkpoint = { state, node, config: { interrupt: when }, timestamp: timestamp / 1000, version: '1.0' };
  await writeFile(file, stringifyJsonKeepingFloats(checkpoint, 2));
  return file;
}

/** A temporary folder for interrupts declared without `checkpoint_dir`, as TEA makes one. */
export function makeTemporaryCheckpointDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'tea_checkpoint_'));
}

export async function loadCheckpoint(file: string): Promise<Checkpoint> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new TeaError('FILE_NOT_FOUND', `Checkpoint file not found: ${file}`, { file });
  }
  let checkpoint: Checkpoint;
  try {
    checkpoint = parseJsonKeepingFloats(text) as Checkpoint;
  } catch (error) {
    throw new TeaError('BAD_CHECKPOINT', (error as Error).message, { file });
  }
  // TEA's wording; a checkpoint must also say where to go on.
  for (const key of ['state', 'node'] as const) {
    const value = checkpoint?.[key];
    if (key === 'state' ? typeof value !== 'object' || value === null || Array.isArray(value) : typeof value !== 'string') {
      throw new TeaError('BAD_CHECKPOINT', `Invalid checkpoint format - missing '${key}' key`, { file });
    }
  }
  return checkpoint;
}
