import { outcomeFields } from './outcome-fields.js';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BranchRef, TeaEvent } from './events.js';
import { TeaError } from '../errors.js';
import { FileWriter, fileProblem } from './file-writer.js';
import { branchKey } from './branch-key.js';
import type { EventSink } from './sink.js';
import { stringifyJsonKeepingFloats } from '../util/python-floats.js';

type Finished = Extract<TeaEvent, { type: 'branch_finished' }>;

/** Folder names from node names: `[^A-Za-z0-9_-]` becomes `_`, as `--debug-state` names files. */
function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * `--results DIR`, after GNU parallel's `--results`: per branch a folder
 * `DIR/<node>/<index>/` with `stdout`, `stderr` (what the branch printed, unprefixed) and
 * `result.json` (how it ended, the branch's final state; for dynamic fan-outs also TEA's record).
 * A node that fans out again (a loop) gets `DIR/<node>.2/`, `DIR/<node>.3/`, ...
 */
export function makeResultsSink(root: string): EventSink {
  const runsOfNode = new Map<string, number>();
  const folderOf = new Map<string, string>();
  const open = new Map<string, FileWriter>();
  const results = new Map<string, Record<string, unknown>>();

  const folder = (ref: BranchRef) => {
    const key = branchKey(ref);
    let dir = folderOf.get(key);
    if (dir === undefined) {
      const run = runsOfNode.get(ref.node) ?? 1;
      dir = path.join(root, run === 1 ? safeName(ref.node) : `${safeName(ref.node)}.${run}`, String(ref.index));
      mkdirSync(dir, { recursive: true });
      folderOf.set(key, dir);
    }
    return dir;
  };
  const writer = (ref: BranchRef, stream: 'stdout' | 'stderr') => {
    const key = `${branchKey(ref)}:${stream}`;
    let file = open.get(key);
    if (!file) open.set(key, (file = new FileWriter(path.join(folder(ref), stream), 'a')));
    return file;
  };
  const finishBranch = (event: Finished) => {
    const dir = folder(event.branch);
    for (const stream of ['stdout', 'stderr'] as const) {
      open.get(`${branchKey(event.branch)}:${stream}`)?.close();
      open.delete(`${branchKey(event.branch)}:${stream}`);
      if (!existsSync(path.join(dir, stream))) writeFileSync(path.join(dir, stream), '');
    }
    const result = {
      node: event.branch.node,
      branch: event.branch.name,
      index: event.branch.index,
      item: event.branch.label ?? null,
      ...outcomeFields(event),
      stderr_tail: event.stderrTail || null,
      reused: event.reused === true,
      state: event.state ?? null,
    };
    results.set(dir, result);
    writeJson(dir, result);
  };
  /** A dynamic fan-out's `node_end` carries TEA's records: each goes next to its branch. */
  const addRecords = (node: string, update: Record<string, unknown>) => {
    const records = update.parallel_results;
    if (!Array.isArray(records)) return;
    records.forEach((record, index) => {
      const dir = folderOf.get(`${node}#${index}`);
      const result = dir === undefined ? undefined : results.get(dir);
      if (dir !== undefined && result !== undefined) writeJson(dir, { ...result, record });
    });
  };

  try {
    mkdirSync(root, { recursive: true });
  } catch (error) {
    throw new TeaError('BAD_INPUT', `Cannot create the --results folder ${root}: ${fileProblem(error)}`);
  }
  return {
    handle(event: TeaEvent) {
      switch (event.type) {
        case 'fanout':
          // A repeated fan-out of the same node starts fresh folders.
          if ([...folderOf.keys()].some((key) => key.startsWith(`${event.node}#`))) {
            runsOfNode.set(event.node, (runsOfNode.get(event.node) ?? 1) + 1);
            for (const key of [...folderOf.keys()]) if (key.startsWith(`${event.node}#`)) folderOf.delete(key);
          }
          return;
        case 'branch_queued':
          folder(event.branch);
          return;
        case 'output':
          if (event.branch) writer(event.branch, event.stream).write(event.text);
          return;
        case 'branch_finished':
          return finishBranch(event);
        case 'node_end':
          return addRecords(event.node, event.update);
        default:
          return;
      }
    },
    finish() {
      for (const file of open.values()) file.close();
      open.clear();
    },
  };
}

function writeJson(dir: string, value: unknown): void {
  writeFileSync(path.join(dir, 'result.json'), `${stringifyJsonKeepingFloats(value, 2)}\n`);
}
