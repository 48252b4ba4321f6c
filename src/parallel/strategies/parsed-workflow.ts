import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { registerCleanup } from '../../process/cleanup.js';
import type { Workflow } from '../../spec/model.js';

const files = new WeakMap<Workflow, string>();

/**
 * `--parsed-workflow FILE` for a branch child: the document we already parsed and
 * validated, as JSON, written once per run, so a hundred children neither load the YAML
 * parser nor validate again. Removed when tea exits.
 */
export function parsedWorkflowArguments(workflow: Workflow, file: string): string[] {
  if (file !== workflow.absoluteFile) return []; // a subgraph: the child parses its own file
  let handoff = files.get(workflow);
  if (!handoff) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tea-workflow-'));
    handoff = path.join(dir, 'workflow.json');
    writeFileSync(handoff, JSON.stringify({ file: workflow.absoluteFile, document: workflow.document }));
    files.set(workflow, handoff);
    registerCleanup(() => rmSync(dir, { recursive: true, force: true }));
  }
  return ['--parsed-workflow', handoff];
}
