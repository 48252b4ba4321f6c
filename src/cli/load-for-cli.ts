import { existsSync } from 'node:fs';
import { TeaError, isTeaError } from '../errors.js';
import { WorkflowInvalidError, loadWorkflow } from '../spec/load.js';
import type { Workflow } from '../spec/model.js';
import { ExitCode, ExitRequest } from './exit-codes.js';
import type { Printer } from './printer.js';

/** Loads FILE for `run`/`resume`, printing TEA's messages and our locations on failure. */
export async function loadForCli(file: string | undefined, printer: Printer, verbose: boolean, parsed?: string): Promise<Workflow> {
  if (!file) {
    printer.error('Error: Workflow file required (or use --from-dot for DOT files)\n');
    throw new ExitRequest(ExitCode.failed);
  }
  if (!existsSync(file)) {
    printer.error(`Error: Workflow file not found: ${file}\n`);
    throw new ExitRequest(ExitCode.failed);
  }
  try {
    return await loadWorkflow(file, { parsed });
  } catch (error) {
    if (!isTeaError(error)) throw error;
    printer.error(`Error loading workflow: ${error.message}\n`);
    printer.error(describeLocations(error));
    if (verbose && error.stack) printer.error(`${error.stack}\n`);
    throw new ExitRequest(ExitCode.failed);
  }
}

/** One line per problem: `  at wf.yaml:3:5 [GOTO_UNDEFINED] node 'a'`. */
function describeLocations(error: TeaError): string {
  const entries =
    error instanceof WorkflowInvalidError
      ? error.findings.map((finding) => ({ ...finding, file: error.file, code: finding.code as string }))
      : [{ file: error.file, line: error.line, column: error.column, node: error.node, code: undefined }];
  return entries
    .map(({ file, line, column, node, code }) => {
      const where = [file, line, column].filter((part) => part !== undefined).join(':');
      const parts = [where && `at ${where}`, code && `[${code}]`, node && `node '${node}'`].filter(Boolean);
      return parts.length > 0 ? `  ${parts.join(' ')}\n` : '';
    })
    .join('');
}
