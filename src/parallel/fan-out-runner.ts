import { TeaError } from '../errors.js';
import type { FanOutRunner, RunContext } from '../engine/run-context.js';
import type { State } from '../observe/events.js';
import type { NodeSpec } from '../spec/model.js';
import type { BranchOutcome } from './branch.js';
import { planDynamic, planStatic, type FanOutPlan } from './plan.js';
import { applyFailurePolicy } from './policy/failure-policy.js';
import { makeRecord } from './record.js';
import { makeInlineRunner } from './strategies/inline.js';
import { makeProcessRunner } from './strategies/process.js';
import { makePoolRunner } from './strategies/pool/pool-runner.js';
import { Supervisor } from './supervisor.js';
import { preparePythonForChildren } from './python-for-children.js';
import { itemsHash } from './items-hash.js';

/** The engine's fan-out hook: plan the branches, supervise them, join in spec order. */
export const fanOutRunner: FanOutRunner = {
  async runDynamic(node: NodeSpec, state: State, context: RunContext): Promise<State> {
    const plan = planDynamic(node, state, context);
    const outcomes = await supervise(plan, context);
    const records = plan.specs.map((spec, index) => makeRecord(spec, outcomes[index]!));
    const failed = records.filter((record) => !record.success).length;
    context.emit({ type: 'fanin', node: node.name, fanIn: node.dynamic!.fanIn, results: records.length, failed });
    const update: State = { parallel_results: records };
    // D6: `output:` also holds the records (TEA ignores the key).
    if (node.dynamic!.output) update[node.dynamic!.output] = records;
    return update;
  },

  async runStatic(from: string, state: State, context: RunContext): Promise<State[]> {
    const plan = planStatic(from, state, context);
    const outcomes = await supervise(plan, context);
    const fanIn = context.graph.fanOuts.get(from)!.fanIn;
    const failed = outcomes.filter((outcome) => outcome.status !== 'ok').length;
    context.emit({ type: 'fanin', node: from, fanIn, results: outcomes.length, failed });
    // D2: unless an on_failure policy says otherwise, a failed branch fails the run;
    // with one, the fan-in gets the survivors' states (what TEA's `tea run` does).
    if (plan.policy.onFailure === undefined) throwOnFailedBranches(plan, outcomes);
    return outcomes.flatMap((outcome) => (outcome.status === 'ok' ? [outcome.state ?? {}] : []));
  },
};

async function supervise(plan: FanOutPlan, context: RunContext): Promise<BranchOutcome[]> {
  if (plan.specs.length === 0) return [];
  const hash = itemsHash(plan);
  // Only the top level resumes: nested fan-outs (inside a branch) are not in the journal.
  const reused = context.options.branch ? new Map<number, BranchOutcome>() : (context.options.reuse?.take(plan.node, hash) ?? new Map<number, BranchOutcome>());
  const toRun = plan.specs.filter((_spec, index) => !reused.has(index));
  const ran = await superviseSpecs({ ...plan, specs: toRun }, plan.specs.length, hash, context);
  for (const [index, outcome] of reused) {
    context.emit({ type: 'branch_finished', branch: plan.specs[index]!.ref, status: 'ok', durationMs: 0, attempts: 0, state: outcome.state, reused: true });
  }
  let next = 0;
  return plan.specs.map((_spec, index) => reused.get(index) ?? ran[next++]!);
}

async function superviseSpecs(plan: FanOutPlan, total: number, hash: string, context: RunContext): Promise<BranchOutcome[]> {
  if (plan.strategy === 'process' || plan.strategy === 'pool') await preparePythonForChildren(context.workflow);
  const { policy } = plan;
  const runner =
    plan.strategy === 'remote'
      ? (await import('./strategies/remote/index.js')).makeRemoteRunner(context, plan.node)
      : plan.strategy === 'pool'
        ? makePoolRunner(context, { termSequence: policy.termSequence })
        : plan.strategy === 'process'
          ? makeProcessRunner(context, { termSequence: policy.termSequence })
          : makeInlineRunner(context);
  const concurrency = Math.max(1, Math.min(plan.maxConcurrency, plan.specs.length));
  context.emit({ type: 'fanout', node: plan.node, branches: total, strategy: runner.name, maxConcurrency: concurrency, itemsHash: hash });
  if (plan.specs.length === 0) return [];
  const supervisor = new Supervisor({
    runner,
    concurrency,
    retry: policy.retry,
    timeoutMs: policy.timeoutMs,
    timeoutTotalMs: policy.timeoutTotalMs,
    deadlineMs: policy.deadlineMs,
    emit: context.emit,
  });
  const removePolicy = applyFailurePolicy(supervisor, policy, plan.specs);
  try {
    return await supervisor.run(plan.specs, context.signal, context.options.drain);
  } finally {
    removePolicy();
    // The remote strategy holds connections (Redis) or a staging folder until the fan-out ends.
    await runner.close?.();
  }
}

/**
 * D2: a failed static branch fails the run once every sibling has settled (TEA drops it
 * silently). Two or more failures are reported together, naming the fan-out.
 */
function throwOnFailedBranches(plan: FanOutPlan, outcomes: BranchOutcome[]): void {
  const failures = outcomes
    .map((outcome, index) => ({ outcome, spec: plan.specs[index]! }))
    .filter(({ outcome }) => outcome.status !== 'ok');
  if (failures.length === 0) return;
  const [first] = failures;
  const node = first!.outcome.failedNode ?? first!.spec.ref.name;
  const message =
    failures.length === 1
      ? (first!.outcome.error ?? 'Branch failed')
      : `${failures.length} parallel branches of '${plan.node}' failed: ` +
        failures.map(({ outcome, spec }) => `${spec.ref.name}: ${outcome.error ?? outcome.status}`).join('; ');
  throw new TeaError('BRANCH_FAILED', message, { node, branch: first!.spec.ref.name, detail: first!.outcome.stderrTail });
}
