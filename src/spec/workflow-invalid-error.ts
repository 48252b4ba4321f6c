import { TeaError } from '../errors.js';
import type { Finding } from './findings.js';

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
