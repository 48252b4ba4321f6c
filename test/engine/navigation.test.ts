import { describe, expect, it } from 'vitest';
import { js, runYaml } from '../helpers/run-engine.js';

const append = (name: string) => js(`return { path: (state.path ? state.path + '->' : '') + '${name}' };`);

describe('navigation: goto > edges > list order (core.md §1.6, §8 C1–C15)', () => {
  it('C1: three nodes chain by list order', async () => {
    const run = await runYaml(`nodes:\n  - name: a\n    run: ${append('a')}  - name: b\n    run: ${append('b')}  - name: c\n    run: ${append('c')}`);
    expect(run.result.state.path).toBe('a->b->c');
  });

  it('C2: goto on the first node skips to its target, also over edges', async () => {
    const yaml = `nodes:\n  - name: a\n    goto: c\n    run: ${append('a')}  - name: b\n    run: ${append('b')}  - name: c\n    run: ${append('c')}edges:\n  - {from: a, to: b}\n  - {from: b, to: c}\n  - {from: c, to: __end__}\n`;
    expect((await runYaml(yaml)).result.state.path).toBe('a->c');
  });

  it('C3: goto __end__ on node 2 of 3 ends the run', async () => {
    const yaml = `nodes:\n  - name: a\n  - name: b\n    goto: __end__\n    run: ${js("return { done: 'b' };")}  - name: c\n    run: ${js("return { done: 'c' };")}`;
    expect((await runYaml(yaml)).result.state).toEqual({ done: 'b' });
  });

  it.each([
    [60, 'good'],
    [90, 'excellent'],
    [30, 'needs_work'],
  ])('C4: a goto list picks the first rule that holds (score %i → %s)', async (score, expected) => {
    const yaml = `nodes:\n  - name: grade\n    goto:\n      - {if: "state.score > 80", to: excellent}\n      - {if: "state.score > 50", to: good}\n      - {to: needs_work}\n  - name: excellent\n    run: ${js("return { r: 'excellent' };")}    goto: __end__\n  - name: good\n    run: ${js("return { r: 'good' };")}    goto: __end__\n  - name: needs_work\n    run: ${js("return { r: 'needs_work' };")}`;
    expect((await runYaml(yaml, { score })).result.state.r).toBe(expected);
  });

  it('C5: goto on a middle node wins over its edges', async () => {
    const yaml = `nodes:\n  - name: a\n    run: ${append('a')}  - name: b\n    goto: d\n    run: ${append('b')}  - name: c\n    run: ${append('c')}  - name: d\n    run: ${append('d')}edges:\n  - {from: __start__, to: a}\n  - {from: a, to: b}\n  - {from: b, to: c}\n  - {from: c, to: d}\n  - {from: d, to: __end__}\n`;
    expect((await runYaml(yaml)).result.state.path).toBe('a->b->d');
  });

  it('C7: a goto list without a match and without fallthrough fails the node', async () => {
    const run = await runYaml('nodes:\n  - name: a\n    goto:\n      - {if: "state.x == 1", to: b}\n  - name: b\n');
    expect(run.result.status).toBe('failed');
    expect(run.result.error?.message).toBe("No valid next node found from node 'a'");
    expect(run.events.find((event) => event.type === 'error')).toMatchObject({ node: 'a' });
  });

  it('C8: a node without an executor only routes (no node_end event)', async () => {
    const run = await runYaml(`nodes:\n  - name: router\n    goto: work\n  - name: skipped\n    run: ${append('skipped')}  - name: work\n    run: ${append('work')}`);
    expect(run.visited).toEqual(['work']);
  });

  it.each([
    [10, 'no'],
    [90, 'yes'],
  ])('C9: condition + when: false is the else edge (score %i → %s)', async (score, expected) => {
    const yaml = `nodes:\n  - name: check\n  - name: "yes"\n    run: ${js("return { r: 'yes' };")}    goto: __end__\n  - name: "no"\n    run: ${js("return { r: 'no' };")}edges:\n  - {from: check, to: "yes", condition: "{{ state.score > 50 }}"}\n  - {from: check, to: "no", condition: "{{ state.score > 50 }}", when: false}\n`;
    expect((await runYaml(yaml, { score })).result.state.r).toBe(expected);
  });

  it('C11: two type: entry edges without from — the first node always wins', async () => {
    const yaml = `nodes:\n  - name: first\n    run: ${js("return { r: 'first' };")}    goto: __end__\n  - name: second\n    run: ${js("return { r: 'second' };")}edges:\n  - {type: entry, to: second}\n  - {type: entry, to: first}\n`;
    expect((await runYaml(yaml)).result.state.r).toBe('first');
  });

  it('C12: edges __start__→a and b→__end__ over a, b, c run a then b', async () => {
    const yaml = `nodes:\n  - name: a\n    run: ${append('a')}  - name: b\n    run: ${append('b')}  - name: c\n    run: ${append('c')}edges:\n  - {from: __start__, to: a}\n  - {from: b, to: __end__}\n`;
    expect((await runYaml(yaml)).result.state.path).toBe('a->b');
  });

  it('C14 (core.md §9 item 8): two goto rules to one target keep their own conditions', async () => {
    const yaml = `nodes:\n  - name: a\n    goto:\n      - {if: "state.x == 1", to: b}\n      - {if: "state.x == 2", to: b}\n      - {to: c}\n  - name: b\n    run: ${js("return { r: 'b' };")}    goto: __end__\n  - name: c\n    run: ${js("return { r: 'c' };")}`;
    expect((await runYaml(yaml, { x: 1 })).result.state.r).toBe('b');
    expect((await runYaml(yaml, { x: 2 })).result.state.r).toBe('b');
    expect((await runYaml(yaml, { x: 3 })).result.state.r).toBe('c');
  });

  it('C15 / core.md §9 item 9: a comparison that fails at run time is false, not true as in TEA', async () => {
    const yaml = `nodes:\n  - name: a\n  - name: big\n    run: ${js("return { r: 'big' };")}    goto: __end__\n  - name: small\n    run: ${js("return { r: 'small' };")}edges:\n  - {from: a, to: big, when: "state.value > 10"}\n  - {from: a, to: small, when: "state.value <= 10"}\n`;
    const missing = await runYaml(yaml);
    expect(missing.result.error?.message).toBe("No valid next node found from node 'a'");
    expect((await runYaml(yaml, { value: 5 })).result.state.r).toBe('small');
    expect((await runYaml(yaml, { value: 50 })).result.state.r).toBe('big');
  });

  it("goto if: 'true' and 'false' are constants", async () => {
    const yaml = `nodes:\n  - name: a\n    goto:\n      - {if: "false", to: b}\n      - {if: "true", to: c}\n  - name: b\n    run: ${js("return { r: 'b' };")}    goto: __end__\n  - name: c\n    run: ${js("return { r: 'c' };")}`;
    expect((await runYaml(yaml)).result.state.r).toBe('c');
  });

  it('core.md §9 item 3: an undefined name in an edge condition is a node error, not a crash', async () => {
    const yaml = 'nodes:\n  - name: a\n  - name: b\nedges:\n  - {from: a, to: b, when: "result.ok"}\n';
    const run = await runYaml(yaml);
    expect(run.result.status).toBe('failed');
    expect(run.result.error?.message).toBe("Template error in expression '{{ result.ok }}': 'result' is undefined");
    expect(run.result.node).toBe('a');
  });

  it('in a file with edges:, a node without an outgoing edge still chains by list order', async () => {
    const yaml = `nodes:\n  - name: a\n    run: ${append('a')}  - name: b\n    run: ${append('b')}  - name: c\n    run: ${append('c')}edges:\n  - {from: a, to: c}\n`;
    expect((await runYaml(yaml)).result.state.path).toBe('a->c');
  });

  it('an empty nodes list fails at __start__ as TEA does', async () => {
    const run = await runYaml('nodes: []\n');
    expect(run.result).toMatchObject({ status: 'failed', node: '__start__' });
    expect(run.result.error?.message).toBe("No valid next node found from node '__start__'");
  });
});

describe('C10: entry edges, `!name` and condition templates', () => {
  const yaml = `nodes:\n  - name: start\n  - name: neg\n    run: ${js("return { r: 'neg' };")}    goto: __end__\n  - name: other\n    run: ${js("return { r: 'other' };")}edges:\n  - {type: entry, to: start}\n  - {from: start, to: neg, when: "!skip"}\n  - {from: start, to: other, condition: "{{ state.skip }}"}\n`;

  it('skip true takes the condition edge', async () => {
    expect((await runYaml(yaml, { skip: true })).result.state.r).toBe('other');
  });

  it('skip missing takes the `!skip` edge', async () => {
    expect((await runYaml(yaml)).result.state.r).toBe('neg');
  });
});
