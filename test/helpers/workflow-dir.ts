import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './run-cli.js';

/** A temp folder with the given files (paths relative to it); returns the folder. */
export function workflowDir(files: Record<string, string>): string {
  const dir = tempDir('tea-wf-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Indents a Python block for `run: |` at the given depth (spaces). */
export function block(code: string, indent: number): string {
  const pad = ' '.repeat(indent);
  return code
    .trim()
    .split('\n')
    .map((line) => `${pad}${line}`)
    .join('\n');
}

/** A temp folder holding one workflow as `wf.yaml` (run it with `cwd` there). */
export function inTemp(yaml: string): string {
  return workflowDir({ 'wf.yaml': yaml });
}
