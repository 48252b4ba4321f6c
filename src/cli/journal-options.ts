import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { TeaError } from '../errors.js';
import { Journal } from '../observe/journal.js';
import { ResumeIndex, type JournalFanOut } from '../parallel/reuse.js';
import type { Workflow } from '../spec/model.js';
import { version } from './version.js';
import { parseJsonKeepingFloats } from '../util/python-floats.js';

/** Where runs keep their journals unless `--journal` says otherwise. */
export const runsDir = path.join('.tea', 'runs');

/** A run id that sorts by time: `20261201-004512-3fa9`. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

export function workflowHash(workflow: Workflow): string {
  return createHash('sha256').update(readFileSync(workflow.absoluteFile)).digest('hex');
}

/** The journal of this run: `--journal FILE`, else `.tea/runs/<run-id>/journal.jsonl`. */
export function openJournal(workflow: Workflow, input: Record<string, unknown>, file: string | undefined, runId = newRunId()): Journal {
  return new Journal(file ?? path.join(runsDir, runId, 'journal.jsonl'), {
    run_id: runId,
    workflow: workflow.absoluteFile,
    workflow_sha256: workflowHash(workflow),
    input,
    tea_version: version,
    started_at: new Date().toISOString(),
  });
}

/**
 * `--resume <run>` (a run id, a journal path, or `last`): the earlier run's input and its
 * succeeded branches, refused when the workflow file changed since.
 */
export function loadResume(reference: string, workflow: Workflow): { index: ResumeIndex; input: Record<string, unknown> } {
  const file = findJournal(reference);
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => parseJsonKeepingFloats(line) as Record<string, any>);
  const header = lines.find((line) => line.type === 'run');
  if (!header) throw new TeaError('BAD_INPUT', `Cannot resume: ${file} has no run header`);
  if (header.workflow_sha256 !== workflowHash(workflow)) {
    throw new TeaError(
      'BAD_INPUT',
      `Cannot resume run ${header.run_id}: ${workflow.file} changed since that run ` +
        `(it was ${String(header.workflow_sha256).slice(0, 12)}, now ${workflowHash(workflow).slice(0, 12)}); start a new run instead`,
    );
  }
  const fanOuts = new Map<string, JournalFanOut[]>();
  for (const line of lines) {
    if (line.type === 'fanout') {
      const list = fanOuts.get(line.node) ?? [];
      list[line.occurrence] = { itemsHash: line.items_sha256, succeeded: new Map() };
      fanOuts.set(line.node, list);
    } else if (line.type === 'branch_finished' && line.status === 'ok') {
      fanOuts.get(line.node)?.[line.occurrence]?.succeeded.set(line.index, line.state ?? {});
    }
  }
  return { index: new ResumeIndex(header.run_id, fanOuts), input: header.input ?? {} };
}

function findJournal(reference: string): string {
  if (reference.endsWith('.jsonl') && existsSync(reference)) return reference;
  const id = reference === 'last' ? latestRunId() : reference;
  const file = path.join(runsDir, id ?? '', 'journal.jsonl');
  if (!id || !existsSync(file)) throw new TeaError('BAD_INPUT', `Cannot resume: no journal for run '${reference}' (looked in ${path.join(runsDir, id ?? reference)})`);
  return file;
}

function latestRunId(): string | undefined {
  if (!existsSync(runsDir)) return undefined;
  return readdirSync(runsDir)
    .filter((name) => existsSync(path.join(runsDir, name, 'journal.jsonl')))
    .sort((a, b) => statSync(path.join(runsDir, a)).mtimeMs - statSync(path.join(runsDir, b)).mtimeMs)
    .at(-1);
}
