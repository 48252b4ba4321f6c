import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { TeaError } from '../errors.js';
import { buildWorkflow } from './build/workflow.js';
import type { JsonObject, Workflow } from './model.js';
import type { LoadOptions } from './load-text.js';
import { parseJsonKeepingFloats } from '../util/python-floats.js';

export type { LoadOptions } from './load-text.js';
export { WorkflowInvalidError } from './workflow-invalid-error.js';

/** Reads a workflow file: `Workflow file not found: <path>` when it is not there. */
export async function readWorkflowText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' || code === 'ENOTDIR' ? `Workflow file not found: ${file}` : `Cannot read workflow file ${file}: ${code}`;
    throw new TeaError('FILE_NOT_FOUND', message, { file, cause: error });
  }
}

/**
 * Everything `tea run` does before running: read, parse, validate (errors only), build.
 * The YAML parser loads only here, on demand: a branch child that is handed the parent's
 * already-validated document (`parsed`) never loads it.
 */
export async function loadWorkflow(file: string, options: LoadOptions & { parsed?: string } = {}): Promise<Workflow> {
  if (options.parsed !== undefined) return loadParsedWorkflow(file, options.parsed);
  const text = await readWorkflowText(file);
  const { loadWorkflowFromText } = await import('./load-text.js');
  return loadWorkflowFromText(text, file, options);
}

/** A workflow from the JSON its parent wrote: no YAML, no validation, no positions. */
async function loadParsedWorkflow(file: string, parsedFile: string): Promise<Workflow> {
  const { document } = parseJsonKeepingFloats(await readFile(parsedFile, 'utf8')) as { document: JsonObject };
  return buildWorkflow(document, () => undefined, file, path.resolve(file));
}
