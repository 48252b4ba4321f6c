import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { TeaError, errorText, errorTypeOf, isTeaError } from '../../errors.js';
import { createRunContext } from '../../engine/run.js';
import { deepCopy } from '../../engine/state.js';
import type { TeaEvent } from '../../observe/events.js';
import { runBranchBody } from '../../parallel/branch-body.js';
import type { BranchSpec } from '../../parallel/branch.js';
import { deltaKey, diffState } from '../../parallel/branch-state.js';
import { fanOutRunner } from '../../parallel/fan-out-runner.js';
import { messageForParent } from '../../parallel/strategies/child-events.js';
import { loadWorkflow } from '../../spec/load.js';
import { ExitCode } from '../exit-codes.js';
import { parseSecrets } from '../input.js';
import type { RunControl } from '../run-control.js';
import { parseJsonKeepingFloats, stringifyJsonKeepingFloats } from '../../util/python-floats.js';

/**
 * `tea pool-worker WF`: a warm branch runner of the pool strategy. It reads one branch per
 * line on stdin (a BranchSpec as JSON with an `id`), runs them one after another, and writes
 * each branch's events and then its `result` or `failed` line on stdout. It ends at EOF;
 * its parent ends it early by killing its process group.
 */
export async function poolWorkerCommand(file: string, control: RunControl, secretsOption?: string, parsed?: string): Promise<number> {
  const workflow = await loadWorkflow(file, { parsed });
  const secrets = parseSecrets(secretsOption, undefined);
  writeLine({ type: 'ready' });
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const request = parseJsonKeepingFloats(line) as BranchSpec & { id: number };
    await runOne(request, workflow, control, secrets);
    if (control.kill.signal.aborted) return ExitCode.sigterm;
  }
  return ExitCode.ok;
}

async function runOne(
  request: BranchSpec & { id: number },
  workflow: Awaited<ReturnType<typeof loadWorkflow>>,
  control: RunControl,
  secrets: Record<string, unknown>,
): Promise<void> {
  const { id, ...spec } = request;
  const reply = (message: Record<string, unknown>) => writeLine({ id, ...message });
  // Prints of this branch go back untagged; only its own nested branches keep their tag.
  const isSelf = (event: TeaEvent) => 'branch' in event && event.branch?.node === spec.ref.node && event.branch.index === spec.ref.index;
  const emit = (event: TeaEvent) => {
    const message = messageForParent(isSelf(event) ? ({ ...event, branch: undefined } as TeaEvent) : event);
    if (message && message.type !== 'error') reply(message);
  };
  const context = createRunContext(workflow, { fanOut: fanOutRunner, signal: control.kill.signal, drain: control.drain.signal, secrets }, emit);
  try {
    const initial = deepCopy(spec.state);
    const state = await runBranchBody(spec, context, control.kill.signal);
    // Only what changed travels back; the pool rebuilds the rest (D14).
    reply({ type: 'result', state: { [deltaKey]: diffState(initial, state) } });
  } catch (error) {
    const teaError = isTeaError(error) ? error : new TeaError('NODE_FAILED', errorText(error));
    reply({ type: 'failed', node: teaError.node, message: teaError.message, detail: teaError.detail, error_type: errorTypeOf(error) });
  }
}

function writeLine(message: Record<string, unknown>): void {
  let buffer = Buffer.from(`${stringifyJsonKeepingFloats(message)}\n`);
  while (buffer.length > 0) {
    try {
      buffer = buffer.subarray(writeSync(1, buffer));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}
