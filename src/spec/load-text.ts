import path from 'node:path';
import { TeaError, isTeaError } from '../errors.js';
import { buildWorkflow } from './build/workflow.js';
import type { JsonObject, Workflow } from './model.js';
import { checkSubgraphs } from './subgraphs.js';
import { validateDocument, type ValidateOptions } from './validate/index.js';
import { WorkflowInvalidError } from './workflow-invalid-error.js';
import { parseYaml, YamlSyntaxError, type ParsedYaml } from './yaml-document.js';

export interface LoadOptions extends ValidateOptions {
  /** Load every `subgraph:` too, to fail early (default true). */
  checkSubgraphs?: boolean;
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
