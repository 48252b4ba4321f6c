import type { BranchPolicy } from '../../parallel/branch-policy.js';
import type { PlannedFanOut, PlannedNode } from '../commands/dry-run-plan.js';
import { formatHeartbeatDuration } from './heartbeat.js';

/** Past this many items, the plan says how many more there are. */
const itemsShown = 20;

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : formatHeartbeatDuration(ms));

/** `tea run --dry-run` as text: the nodes in navigation order, each fan-out in full. */
export function dryRunText(file: string, plan: { nodes: PlannedNode[]; unreachable: string[] }): string {
  const lines = [`Dry run of ${file}: the plan, nothing is executed.`, ''];
  plan.nodes.forEach((node, index) => {
    lines.push(`${String(index + 1).padStart(2)}. ${node.name}  ${node.does}`);
    for (const fanOut of node.fanOuts) lines.push(...fanOutLines(fanOut));
    for (const next of node.next) lines.push(`      ${next}`);
  });
  if (plan.unreachable.length > 0) lines.push('', `Not reachable from __start__: ${plan.unreachable.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function fanOutLines(fanOut: PlannedFanOut): string[] {
  const field = (name: string, value: string) => `      ${`${name}:`.padEnd(15)}${value}`;
  const more = (value: string) => `      ${' '.repeat(15)}${value}`;
  const lines: string[] = [];
  if (fanOut.kind === 'dynamic') {
    lines.push(field('fan-out', `dynamic: one branch per item, joined at ${fanOut.fanIn}`));
    lines.push(field('items', fanOut.items!.expression));
    if (fanOut.items!.note) lines.push(more(fanOut.items!.note));
    const values = fanOut.items!.values;
    if (values) {
      lines.push(more(`${values.length} item${values.length === 1 ? '' : 's'} from the input state:`));
      values.slice(0, itemsShown).forEach((value, index) => lines.push(more(`  [${index}] ${value}`)));
      if (values.length > itemsShown) lines.push(more(`  … ${values.length - itemsShown} more`));
    }
    lines.push(field('item, index', fanOut.itemVars!), field('body', fanOut.body!));
  } else {
    lines.push(field('fan-out', `static: ${fanOut.branches!.length} branch${fanOut.branches!.length === 1 ? '' : 'es'}, joined at ${fanOut.fanIn}`));
    fanOut.branches!.forEach((branch, index) =>
      lines.push(more(`  [${index}] ${branch.start} … until ${fanOut.fanIn}${branch.condition ? `  (${branch.condition}, decided at run time)` : ''}`)),
    );
  }
  if (fanOut.problem) return [...lines, field('problem', `${fanOut.problem} (the run would fail here)`)];
  const plan = fanOut.plan!;
  lines.push(field('strategy', plan.strategy), field('concurrency', fanOut.maxConcurrency));
  lines.push(...policyLines(plan.policy, fanOut.kind, field));
  if (plan.strategy === 'inline') lines.push(field('child', 'none: branches run inside this process (inline)'));
  else if (plan.strategy === 'pool') lines.push(field('child', `warm \`tea pool-worker\` processes (up to ${fanOut.maxConcurrency}), each running branches one after another`));
  else if (plan.strategy === 'remote') lines.push(field('child', 'the branch\'s `tea run` on a remote machine (a BullMQ `tea worker`, or SSH)'));
  else {
    fanOut.commands.forEach((command, index) => lines.push(index === 0 ? field('child', command) : more(command)));
    const per = fanOut.kind === 'dynamic' ? 'one per item' : 'one per branch';
    lines.push(more(`(${per}; branch state in on stdin, final state out on stdout)`));
  }
  return lines;
}

function policyLines(policy: BranchPolicy, kind: 'dynamic' | 'static', field: (name: string, value: string) => string): string[] {
  const maxFailures = 'ratio' in policy.maxFailures ? `${policy.maxFailures.ratio * 100}% of branches` : `${policy.maxFailures.count}`;
  const onFailure = policy.onFailure
    ? `${policy.onFailure} after ${maxFailures} failure(s)`
    : kind === 'dynamic'
      ? 'continue (failures become records)'
      : 'a failed branch fails the run (D2)';
  const timeouts = [
    seconds(policy.timeoutMs) && `${seconds(policy.timeoutMs)} per attempt`,
    seconds(policy.timeoutTotalMs) && `${seconds(policy.timeoutTotalMs)} per branch`,
    seconds(policy.deadlineMs) && `${seconds(policy.deadlineMs)} for the fan-out`,
  ].filter(Boolean);
  const { retry } = policy;
  const retries =
    retry.maxRetries === 0
      ? 'none'
      : `${retry.maxRetries}, backoff ${seconds(retry.baseDelayMs)} × ${retry.backoffMultiplier}^n up to ${seconds(retry.maxDelayMs)}` +
        `${retry.jitter > 0 ? ` ±${Math.round(retry.jitter * 100)}%` : ''}${retry.retryOn ? `, on ${retry.retryOn.join(', ')}` : ''}`;
  const kill = policy.termSequence.map((step) => `${step.signal.replace(/^SIG/, '')} ${seconds(step.waitMs)}`).join(' → ');
  return [
    field('on failure', onFailure),
    field('timeouts', timeouts.length > 0 ? timeouts.join(', ') : 'none'),
    field('retries', retries),
    field('kill sequence', kill),
  ];
}
