import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makePrivateTempDir } from '../../process/private-temp-dir.js';
import type { Workflow } from '../../spec/model.js';
import { stringifyJsonKeepingFloats } from '../../util/python-floats.js';

const files = new WeakMap<Workflow, string>();

/**
 * `--parsed-workflow FILE` for a branch child: the document we already parsed and
 * validated, as JSON, written once per run, so a hundred children neither load the YAML
 * parser nor validate again. Removed when tea exits (or by the next tea, if this one is killed).
 */
export function parsedWorkflowArguments(workflow: Workflow, file: string): string[] {
  if (file !== workflow.absoluteFile) return []; // a subgraph: the child parses its own file
  let handoff = files.get(workflow);
  if (!handoff) {
    handoff = path.join(makePrivateTempDir('workflow'), 'workflow.json');
    writeFileSync(handoff, stringifyJsonKeepingFloats({ file: workflow.absoluteFile, document: workflow.document }));
    files.set(workflow, handoff);
  }
  return ['--parsed-workflow', handoff];
}
