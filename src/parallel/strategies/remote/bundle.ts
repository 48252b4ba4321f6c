import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { NodeSpec, Workflow } from '../../../spec/model.js';
import { loadWorkflowFromText } from '../../../spec/load-text.js';

/** Workflow files shipped with remote jobs, laid out relative to their common folder. */
export interface Bundle {
  /** sha256 of the file list: names the folder on the worker. */
  hash: string;
  /** The common folder of every file (the supervisor's view). */
  root: string;
  files: { path: string; sha256: string; text: string }[];
}

/**
 * The workflow and every subgraph file it can reach (nested ones too), read once. Subgraph
 * paths resolve as at run time: beside the workflow, then the working folder (D4).
 */
export function makeBundle(workflow: Workflow, extraFiles: string[] = []): Bundle {
  const files = new Map<string, string>();
  const add = (file: string, depth: number, loaded?: Workflow) => {
    if (files.has(file) || !existsSync(file)) return;
    const text = readFileSync(file, 'utf8');
    files.set(file, text);
    if (depth > 8) return;
    let parsed = loaded;
    try {
      parsed ??= loadWorkflowFromText(text, file);
    } catch {
      return; // the branch reports the load error itself
    }
    for (const subgraph of subgraphsOf(parsed!.nodes)) add(resolveSubgraphFile(path.dirname(file), subgraph), depth + 1);
  };
  add(workflow.absoluteFile, 0, workflow);
  for (const file of extraFiles) add(file, 1);
  const root = commonFolder([...files.keys()]);
  const list = [...files].map(([file, text]) => ({ path: path.relative(root, file), sha256: sha256(text), text }));
  list.sort((a, b) => a.path.localeCompare(b.path));
  return { hash: sha256(list.map((file) => `${file.path}\0${file.sha256}`).join('\n')), root, files: list };
}

function* subgraphsOf(nodes: NodeSpec[]): Generator<string> {
  for (const node of nodes) {
    const subgraph = node.dynamic?.subgraph;
    if (subgraph && !subgraph.includes('{{')) yield subgraph;
    yield* subgraphsOf([...(node.steps ?? []), ...(node.dynamic?.steps ?? []), ...(node.loop?.body ?? [])]);
  }
}

function resolveSubgraphFile(workflowDir: string, subgraph: string): string {
  const beside = path.resolve(workflowDir, subgraph);
  if (path.isAbsolute(subgraph) || existsSync(beside)) return beside;
  const fromCwd = path.resolve(subgraph);
  return existsSync(fromCwd) ? fromCwd : beside;
}

function commonFolder(files: string[]): string {
  let common = path.dirname(files[0]!);
  for (const file of files) {
    while (common !== path.parse(common).root && path.relative(common, file).startsWith('..')) common = path.dirname(common);
  }
  return common;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
