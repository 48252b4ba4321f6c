import { TeaError } from '../errors.js';

/**
 * The error a TEA action raises (rather than returns), with the Python exception type on
 * the detail's last line so `on_error.retryable_errors` can match it (`HTTPError`, ...).
 */
export function makeActionError(pythonType: string, message: string, node: string): TeaError {
  return new TeaError('NODE_FAILED', message, { node, detail: `${pythonType}: ${message}` });
}

/**
 * TEA's actions are Python functions with required parameters; a missing one is Python's
 * TypeError, e.g. `notify() missing 1 required positional argument: 'channel'`.
 */
export function throwOnMissingParams(params: Record<string, unknown>, functionName: string, names: string[], node: string): void {
  const missing = names.filter((name) => !(name in params));
  if (missing.length === 0) return;
  const quoted = missing.map((name) => `'${name}'`);
  const list = quoted.length === 1 ? quoted[0] : quoted.length === 2 ? quoted.join(' and ') : `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)}`;
  const noun = missing.length === 1 ? 'argument' : 'arguments';
  throw makeActionError('TypeError', `${functionName}() missing ${missing.length} required positional ${noun}: ${list}`, node);
}
