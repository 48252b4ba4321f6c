import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { TeaError, isTeaError } from '../errors.js';
import { buildWorkflow } from './build/workflow.js';
import type { Finding } from './findings.js';
import type { JsonObject, Workflow } from './model.js';
import { checkSubgraphs } from './subgraphs.js';
import { validateDocument, type ValidateOptions } from './validate/index.js';
import { parseYaml, YamlSyntaxError, type ParsedYaml } from './yaml-document.js';

/** A load that failed validation: the findings, each with its position. */
export class WorkflowInvalidError extends TeaError {
  constructor(
    readonly findings: Finding[],
    file: string,
  ) {
    const first = findings[0];
    super('INVALID_WORKFLOW', `Workflow validation failed: ${findings.map((f) => `[${f.code}] ${f.message}`).join('; ')}`, {
      file,
      node: first?.node,
      line: first?.line,
      column: first?.column,
    });
  }
}
WorkflowInvalidError.prototype.name = 'WorkflowInvalidError';

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

/** Parses YAML text; syntax errors read like PyYAML's, with the file and position. */
export function parseWorkflowText(text: string, file: string): ParsedYaml {
  try {
    return parseYaml(text);
  } catch (error) {
    if (!(error instanceof YamlSyntaxError)) throw error;
    const { message, line, column } = error.problem;
    const where = line === undefined ? '' : `\n  in "${file}", line ${line}, column ${column}`;
    throw new TeaError('YAML_PARSE', `${message}${where}`, { file, line, column, cause: error });
  }
}

/** Everything `tea run` does before running: read, parse, validate (errors only), build. */
export interface LoadOptions extends ValidateOptions {
  /** Load every `subgraph:` too, to fail early (default true). */
  checkSubgraphs?: boolean;
}

export async function loadWorkflow(file: string, options: LoadOptions = {}): Promise<Workflow> {
  const text = await readWorkflowText(file);
  return loadWorkflowFromText(text, file, options);
}

export function loadWorkflowFromText(text: string, file: string, options: LoadOptions = {}): Workflow {
  const parsed = parseWorkflowText(text, file);
  const errors = validateDocument(parsed.value, parsed.positionOf, options).filter((f) => f.severity === 'error');
  if (errors.length > 0) throw new WorkflowInvalidError(errors, file);
  try {
    const workflow = buildWorkflow(parsed.value as JsonObject, parsed.positionOf, file, path.resolve(file));
    if (options.checkSubgraphs !== false) checkSubgraphs(workflow, (childText, childFile) => loadWorkflowFromText(childText, childFile, { ...options, checkSubgraphs: false }));
    return workflow;
  } catch (error) {
    if (isTeaError(error) && error.file === undefined) {
      throw new TeaError(error.code, error.message, { ...error, file, cause: error.cause });
    }
    throw error;
  }
}
