import type { RunContext } from '../../engine/run-context.js';
import { defaultTermSequence, type TermStep } from '../../process/kill-sequence.js';
import { signalGroup } from '../../process/process-group.js';
import type { BranchSpec } from '../branch.js';
import { outcomeOfChild, spawnTeaChild, superviseChild } from './branch-process.js';
import { childArguments } from './child-command.js';
import { resolveChildState, stateJsonOf } from '../branch-state.js';
import { secretsArguments } from './secrets-file.js';
import { parsedWorkflowArguments } from './parsed-workflow.js';
import type { BranchRunner, RunningBranch } from './runner.js';

export interface ProcessRunnerOptions {
  termSequence?: TermStep[];
}

/**
 * Each branch is a child `tea` in its own process group: state in on stdin, final state
 * out on stdout, prints and errors as NDJSON on fd 3, raw stderr relayed line by line.
 */
export function makeProcessRunner(context: RunContext, options: ProcessRunnerOptions = {}): BranchRunner {
  const termSequence = options.termSequence ?? defaultTermSequence;
  return {
    name: 'process',
    start(spec: BranchSpec, signal: AbortSignal): RunningBranch {
      const started = performance.now();
      const file = context.workflow.absoluteFile;
      const child = spawnTeaChild([
        ...childArguments(spec, file, { returnDelta: true }),
        ...(spec.body.kind === 'subgraph' ? [] : parsedWorkflowArguments(context.workflow, file)),
        ...secretsArguments(context.secrets),
      ]);
      const start = spec.state;
      const result = superviseChild(child, { ref: spec.ref, state: start, stateJson: stateJsonOf(spec), emit: context.emit, signal, termSequence }).then((end) => {
        const outcome = outcomeOfChild(end, signal);
        // The child sent only what it changed: the record shares everything else with `start`.
        if (outcome.state) outcome.state = resolveChildState(start, outcome.state);
        return { ...outcome, durationMs: performance.now() - started };
      });
      // Ctrl-C: SIGINT to the branch's group; the child tea winds down on its own terms.
      return { pid: child.pid, result, interrupt: () => child.pid !== undefined && signalGroup(child.pid, 'SIGINT') };
    },
  };
}
