/** The TeaErrors a Prolog block can end with, built from the driver's reply or the exit. */
import { TeaError } from '../../errors.js';
import type { PrologExit } from './prolog-process.js';
import { makeMissingSwiplError } from './swipl-binary.js';

/** What tea-driver.pl reports for an error (see error_reply/2 there). */
export interface DriverError {
  kind: 'syntax' | 'sandbox' | 'resource' | 'error' | 'internal';
  message: string;
  line?: number;
  term?: string;
}

/** SWI's message, made readable: no `tea_user:` module, no `_12345` variable numbers. */
export function makePrologBlockError(error: DriverError, node: string): TeaError {
  const [first = '', ...rest] = tidy(error.message).split('\n');
  let message = first;
  if (error.kind === 'syntax') message = `Prolog syntax error: ${first.replace(/^Syntax error: /, '')}`;
  if (error.kind === 'sandbox') message = `Prolog sandbox refused the goal: ${first}`;
  const detail = [...rest.map((line) => line.trim()).filter(Boolean), error.term && `Prolog error term: ${error.term}`].filter(Boolean);
  // The rest of a sandbox message ("Reachable from: ...", the unsafe call) belongs with it.
  if (error.kind === 'sandbox' && rest.length > 0) message = `${message} (${rest.map((line) => line.trim()).filter(Boolean).join(' ')})`;
  return new TeaError(error.kind === 'internal' ? 'INTERNAL' : 'NODE_FAILED', message, {
    node,
    line: error.line,
    detail: detail.length > 0 ? detail.join('\n') : undefined,
  });
}

/** TEA's PrologTimeoutError says "Prolog execution timeout"; we add the limit. */
export function makePrologTimeoutError(node: string, timeoutMs: number): TeaError {
  return new TeaError('NODE_FAILED', `Prolog execution timeout: the block ran longer than ${timeoutMs} ms`, { node });
}

/** swipl ended without a reply: it could not start, crashed, or was killed from outside. */
export function makePrologExitError(exit: PrologExit, swipl: string, node: string): TeaError {
  if (exit.spawnError !== undefined) {
    const code = (exit.spawnError as NodeJS.ErrnoException).code ?? exit.spawnError.message;
    const error = makeMissingSwiplError(`'${swipl}' cannot be started (${code})`, exit.spawnError);
    return new TeaError(error.code, error.message, { node, cause: exit.spawnError });
  }
  const how = exit.signal === null ? `exit code ${exit.code}` : `signal ${exit.signal}`;
  return new TeaError('NODE_FAILED', `The Prolog process exited without a result (${how})`, {
    node,
    detail: exit.stderrTail || undefined,
  });
}

function tidy(text: string): string {
  return text
    .replaceAll(/\btea_driver:\w+\/\d+: /g, '')
    .replaceAll('tea_user:', '')
    .replaceAll(/\b_G?\d+\b/g, '_');
}
