import { throwOnMissingParams } from '../action-error.js';
import type { Action } from '../types.js';

/**
 * TEA's CLI never enables code execution (core.md §7), so `code.execute` and `code.sandbox`
 * return their "disabled" results there; a workflow that checks `success` goes on.
 */
const disabled = 'Code execution is disabled. Enable with YAMLEngine(enable_code_execution=True)';

/** `code.execute` (`code`): TEA's disabled result, with its keys. */
export const codeExecute: Action = (params, context) => {
  throwOnMissingParams(params, 'code_execute', ['code'], context.node);
  return { success: false, stdout: '', stderr: '', return_value: null, error: disabled, execution_time_ms: 0.0 };
};

/** `code.sandbox` (`action`): TEA's disabled result. */
export const codeSandbox: Action = (params, context) => {
  throwOnMissingParams(params, 'code_sandbox', ['action'], context.node);
  return { success: false, error: disabled };
};
