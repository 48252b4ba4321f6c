import { describe, expect, it } from 'vitest';
import { runTea, tempDir } from '../helpers/run-cli.js';
import { workflowDir } from '../helpers/workflow-dir.js';

const parent = `variables: {who: parent}
nodes:
  - name: fan
    type: dynamic_parallel
    items: "{{ state.items }}"
    fan_in: collect
    subgraph: sub/child.yaml
  - name: collect
    run: |
      return {"states": [r.state for r in parallel_results], "ok": [r.success for r in parallel_results], "who": variables["who"]}
`;
const child = `variables: {who: child}
nodes:
  - name: double
    run: |
      return {"doubled": state["item"] * 2, "seen_who": variables["who"]}
`;

describe('subgraphs and nesting (parallel.md §3.7, D4)', () => {
  it('D4: a relative subgraph path resolves against the parent workflow, from any cwd; without input the child gets item and index', async () => {
    const dir = workflowDir({ 'flows/wf.yaml': parent, 'flows/sub/child.yaml': child });
    const result = await runTea(['run', `${dir}/flows/wf.yaml`, '-q', '-o', '-', '--input', '{"items": [1, 2]}'], { cwd: tempDir() });
    expect(result.code).toBe(0);
    const state = JSON.parse(result.stdout);
    expect(state.states).toEqual([
      { item: 1, index: 0, doubled: 2, seen_who: 'child' },
      { item: 2, index: 1, doubled: 4, seen_who: 'child' },
    ]);
    expect(state.who).toBe('parent');
  });

  it('input: builds the child state from templates', async () => {
    const withInput = parent.replace('    subgraph: sub/child.yaml\n', '    subgraph: sub/child.yaml\n    input:\n      item: "{{ state.item * 10 }}"\n      tag: fixed\n');
    const dir = workflowDir({ 'wf.yaml': withInput, 'sub/child.yaml': child });
    const state = JSON.parse((await runTea(['run', 'wf.yaml', '-q', '-o', '-', '--input', '{"items": [1]}'], { cwd: dir })).stdout);
    expect(state.states).toEqual([{ item: 1, tag: 'fixed', doubled: 20, seen_who: 'child', index: 0 }]);
  });


  it('nested dynamic_parallel inside a subgraph', async () => {
    const nested = `nodes:
  - name: inner
    type: dynamic_parallel
    items: "{{ range(state.item) | list }}"
    fan_in: inner_collect
    steps:
      - run: |
          return {"v": state["item"] + 100}
  - name: inner_collect
    run: |
      return {"inner": [r.state["v"] for r in parallel_results]}
`;
    const dir = workflowDir({ 'wf.yaml': parent, 'sub/child.yaml': nested });
    const state = JSON.parse((await runTea(['run', 'wf.yaml', '-q', '-o', '-', '--input', '{"items": [2, 3]}'], { cwd: dir })).stdout);
    expect(state.states.map((s: { inner: number[] }) => s.inner)).toEqual([
      [100, 101],
      [100, 101, 102],
    ]);
  });
});
