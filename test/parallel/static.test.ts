import { describe, expect, it } from 'vitest';
import { parseStream } from '../helpers/examples.js';
import { runTea } from '../helpers/run-cli.js';
import { workflowDir } from '../helpers/workflow-dir.js';

const node = (name: string, body: string, extra = '') =>
  `  - name: ${name}\n${extra}    run: |\n${body.split('\n').map((line) => `      ${line}`).join('\n')}\n`;

async function runJson(yaml: string, args: string[] = []) {
  const result = await runTea(['run', 'wf.yaml', '-q', '-o', '-', ...args], { cwd: workflowDir({ 'wf.yaml': yaml }) });
  return { ...result, state: result.code === 0 ? (JSON.parse(result.stdout) as Record<string, any>) : undefined };
}

const branches = `${node('prep', 'return {"base": 1}')}${node('a', 'return {"a": 1}')}${node('b', 'return {"b": 2}')}`;

describe('static parallel edges (parallel.md §2, D1–D2, D15–D22)', () => {
  it.each([
    ['parallel: true + is_fan_in: true (seed 003)', '    is_fan_in: true\n', 'parallel: true'],
    ['type: parallel + fan_in: true (TEA)', '    fan_in: true\n', 'type: parallel'],
    ['type: fan_in on the collector', '    type: fan_in\n', 'parallel: true'],
    ['no marker on the collector', '', 'type: parallel'],
  ])('D1: %s fans out and joins', async (_label, marker, spelling) => {
    const yaml = `nodes:\n${branches}${node('join', 'return {"n": len(parallel_results)}', marker)}edges:\n  - {from: prep, to: a, ${spelling}, fan_in: join}\n  - {from: prep, to: b, ${spelling}, fan_in: join}\n  - {from: a, to: join}\n  - {from: b, to: join}\n  - {from: join, to: __end__}\n`;
    const { state } = await runJson(yaml);
    expect(state).toEqual({ base: 1, parallel_results: [{ base: 1, a: 1 }, { base: 1, b: 2 }], n: 2 });
  });

  it('D1: `to: [a, b]` on a parallel edge is one branch per target', async () => {
    const yaml = `nodes:\n${branches}${node('join', 'return {}')}edges:\n  - {from: prep, to: [a, b], parallel: true, fan_in: join}\n  - {from: join, to: __end__}\n`;
    expect((await runJson(yaml)).state!.parallel_results).toEqual([{ base: 1, a: 1 }, { base: 1, b: 2 }]);
  });

  it('TEA keeps list-order chaining for `type: parallel` branches without their own edge', async () => {
    const yaml = `nodes:\n${branches}${node('join', 'return {}')}edges:\n  - {from: prep, to: a, type: parallel, fan_in: join}\n  - {from: prep, to: b, type: parallel, fan_in: join}\n  - {from: join, to: __end__}\n`;
    expect((await runJson(yaml)).state!.parallel_results).toEqual([{ base: 1, a: 1, b: 2 }, { base: 1, b: 2 }]);
  });

  it('D2: a failed branch fails the run after its siblings settle, naming the branch and node', async () => {
    const yaml = `nodes:\n${node('prep', 'return {}')}${node('a', 'raise ValueError("a broke")')}${node('b', 'import time\ntime.sleep(0.2)\nreturn {"b": 1}')}${node('join', 'return {"joined": True}')}edges:\n  - {from: prep, to: a, parallel: true, fan_in: join}\n  - {from: prep, to: b, parallel: true, fan_in: join}\n  - {from: join, to: __end__}\n`;
    const result = await runTea(['run', 'wf.yaml', '--stream'], { cwd: workflowDir({ 'wf.yaml': yaml }) });
    expect(result.code).toBe(1);
    const events = parseStream(result.stdout);
    expect(events.filter((event) => event.type === 'branch_finished').map((event) => [event.branch, event.status]).sort()).toEqual([
      ['a', 'failed'],
      ['b', 'ok'],
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'error', node: 'a', error: 'a broke' });
    expect(events.some((event) => event.type === 'node_complete' && event.node === 'join')).toBe(false);
  });

  it('D18: a fan-out written on a fan-in node works', async () => {
    const yaml = `nodes:\n${branches}${node('join', 'return {"first": len(parallel_results)}')}${node('a2', 'return {"a2": 1}')}${node('b2', 'return {"b2": 1}')}${node('join2', 'return {"second": [sorted(r.keys()) for r in parallel_results]}')}edges:
  - {from: prep, to: a, parallel: true, fan_in: join}
  - {from: prep, to: b, parallel: true, fan_in: join}
  - {from: a, to: join}
  - {from: b, to: join}
  - {from: join, to: a2, parallel: true, fan_in: join2}
  - {from: join, to: b2, parallel: true, fan_in: join2}
  - {from: a2, to: join2}
  - {from: b2, to: join2}
  - {from: join2, to: __end__}
`;
    const { state } = await runJson(yaml);
    expect(state!.first).toBe(2);
    expect(state!.second).toEqual([
      ['a2', 'base', 'first', 'parallel_results'],
      ['b2', 'base', 'first', 'parallel_results'],
    ]);
  });

  it('D19: parallel edges from __start__ fan out', async () => {
    const yaml = `nodes:\n${node('a', 'return {"a": 1}')}${node('b', 'return {"b": 1}')}${node('join', 'return {"n": len(parallel_results)}')}edges:\n  - {from: __start__, to: a, parallel: true, fan_in: join}\n  - {from: __start__, to: b, parallel: true, fan_in: join}\n  - {from: a, to: join}\n  - {from: b, to: join}\n  - {from: join, to: __end__}\n`;
    expect((await runJson(yaml)).state).toMatchObject({ n: 2 });
  });

  it('D20: a parallel edge whose condition is false starts no branch', async () => {
    const yaml = `nodes:\n${branches}${node('join', 'return {"n": len(parallel_results)}')}edges:\n  - {from: prep, to: a, parallel: true, fan_in: join, when: "state.use_a"}\n  - {from: prep, to: b, parallel: true, fan_in: join}\n  - {from: a, to: join}\n  - {from: b, to: join}\n  - {from: join, to: __end__}\n`;
    expect((await runJson(yaml, ['--input', '{"use_a": false}'])).state!.parallel_results).toEqual([{ base: 1, use_a: false, b: 2 }]);
    expect((await runJson(yaml, ['--input', '{"use_a": true}'])).state!.n).toBe(2);
  });

  it('D22: a branch that itself fans out works as a child process', async () => {
    const yaml = `nodes:
${node('prep', 'return {"items": [1, 2, 3]}')}  - name: inner
    type: dynamic_parallel
    items: "{{ state.items }}"
    fan_in: inner_join
    steps:
      - run: |
          return {"sq": state["item"] ** 2}
${node('inner_join', 'return {"total": sum(r.state["sq"] for r in parallel_results)}')}${node('other', 'return {"other": True}')}${node('join', 'return {"totals": [r.get("total") for r in parallel_results]}')}edges:
  - {from: prep, to: inner, parallel: true, fan_in: join}
  - {from: prep, to: other, parallel: true, fan_in: join}
  - {from: inner_join, to: join}
  - {from: other, to: join}
  - {from: join, to: __end__}
`;
    expect((await runJson(yaml)).state!.totals).toEqual([14, null]);
  });
});
