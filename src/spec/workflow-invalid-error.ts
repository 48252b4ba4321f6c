import { TeaError } from '../errors.js';
import { isTeaValidatorCode, type Finding } from './findings.js';

/**
 * A load that failed validation: the findings, each with its position. The message reads
 * like TEA's: its validator's codes as `Workflow validation failed: [CODE] msg; ...` (TEA
 * stops there), else the first of our checks bare, as TEA's node builder raises it
 * (`dynamic_parallel node 'n': max_concurrency must be positive integer, got -1`).
 */
export class WorkflowInvalidError extends TeaError {
  constructor(
    readonly findings: Finding[],
    file: string,
  ) {
    const validatorFindings = findings.filter((finding) => isTeaValidatorCode(finding.code));
    const first = validatorFindings[0] ?? findings[0];
    const message =
      validatorFindings.length > 0
        ? `Workflow validation failed: ${validatorFindings.map((f) => `[${f.code}] ${f.message}`).join('; ')}`
        : (first?.message ?? 'Workflow validation failed');
    super('INVALID_WORKFLOW', message, {
      file,
      node: first?.node,
      line: first?.line,
      column: first?.column,
    });
  }
}
WorkflowInvalidError.prototype.name = 'WorkflowInvalidError';
