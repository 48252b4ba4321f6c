import type { BranchRef, BranchStatus, TeaEvent } from '../../src/observe/events.js';

/** Events of a run with one dynamic fan-out `fan` over `items`, written by hand so tests control the interleaving. */
export function fanOutScript(items: string[]) {
  const ref = (index: number): BranchRef => ({ node: 'fan', index, name: `fan[${index}]`, label: items[index] });
  return {
    ref,
    start: (): TeaEvent[] => [
      { type: 'run_start', workflow: 'wf.yaml', state: {} },
      { type: 'node_start', node: 'fan' },
      { type: 'fanout', node: 'fan', branches: items.length, strategy: 'process', maxConcurrency: 2 },
      ...items.map((_item, index): TeaEvent => ({ type: 'branch_queued', branch: ref(index) })),
    ],
    started: (index: number, attempt = 1): TeaEvent => ({ type: 'branch_started', branch: ref(index), attempt, pid: 1000 + index }),
    out: (index: number, text: string, stream: 'stdout' | 'stderr' = 'stdout'): TeaEvent => ({ type: 'output', node: 'work', stream, text, branch: ref(index) }),
    finished: (index: number, status: BranchStatus = 'ok', error?: string): TeaEvent => ({
      type: 'branch_finished',
      branch: ref(index),
      status,
      durationMs: 1200 + index,
      attempts: 1,
      exitCode: status === 'ok' ? 0 : 1,
      signal: null,
      error,
      stderrTail: status === 'ok' ? undefined : 'Traceback ...\nValueError: broken',
    }),
    end: (failed = 0): TeaEvent[] => [
      { type: 'fanin', node: 'fan', fanIn: 'collect', results: items.length, failed },
      { type: 'node_end', node: 'fan', update: {}, state: {}, durationMs: 2000 },
      { type: 'final', state: {}, scoped: false },
    ],
  };
}
