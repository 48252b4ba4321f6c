import { describe, expect, it } from 'vitest';
import { js, runYaml } from '../helpers/run-engine.js';

describe('state merge, steps, while_loop, actions, on_error (core.md §2, §8 C19, C24–C29)', () => {
  it('merges shallowly: a nested mapping is replaced, not merged', async () => {
    const yaml = `nodes:\n  - name: a\n    run: ${js('return { nested: { x: 1 }, keep: 1 };')}  - name: b\n    run: ${js('return { nested: { y: 2 } };')}`;
    expect((await runYaml(yaml)).result.state).toEqual({ nested: { y: 2 }, keep: 1 });
  });

  it('a non-mapping result becomes {"result": value}', async () => {
    const yaml = `nodes:\n  - name: a\n    run: ${js('return 42;')}`;
    expect((await runYaml(yaml)).result.state).toEqual({ result: 42 });
  });

  it('C19 (JavaScript): in-place edits of state persist, deletes too', async () => {
    const yaml = `nodes:\n  - name: a\n    run: ${js('state.added = 1; delete state.gone;')}`;
    expect((await runYaml(yaml, { gone: true, kept: 2 })).result.state).toEqual({ kept: 2, added: 1 });
  });

  it('C24: a while_loop increments to 3, also without an initial count', async () => {
    // `None < 3` fails on the first check; a loop condition that fails at run time is true,
    // as in TEA, so the loop starts from a missing count.
    const yaml = `nodes:\n  - name: loop\n    type: while_loop\n    condition: "state.count < 3"\n    max_iterations: 10\n    body:\n      - name: inc\n        run: ${js('return { count: (state.count ?? 0) + 1 };').replace(/\n {6}/g, '\n          ')}`;
    expect((await runYaml(yaml)).result.state.count).toBe(3);
    expect((await runYaml(yaml, { count: 1 })).result.state.count).toBe(3);
    expect((await runYaml(yaml, { count: 5 })).result.state.count).toBe(5);
  });

  it('C25: condition "true" (lowercase) is a state lookup: zero iterations', async () => {
    const yaml = `nodes:\n  - name: loop\n    type: while_loop\n    condition: "true"\n    max_iterations: 5\n    body:\n      - name: inc\n        run: "// js\\nreturn { ran: true };"\n`;
    const run = await runYaml(yaml);
    expect(run.result.state).toEqual({});
    expect(run.visited).toEqual(['loop']);
  });

  it('C25: a body error names the loop, the body node and the iteration', async () => {
    const yaml = `nodes:\n  - name: loop\n    type: while_loop\n    condition: "True"\n    max_iterations: 5\n    body:\n      - name: boom\n        run: "// js\\nconst n = (state.n ?? 0) + 1; if (n > 2) throw new Error('too big'); return { n };"\n`;
    const run = await runYaml(yaml);
    expect(run.result.error?.message).toBe("Error in while_loop 'loop' body node 'boom' at iteration 2: too big");
  });

  it('hitting max_iterations is not an error', async () => {
    const yaml = `nodes:\n  - name: loop\n    type: while_loop\n    condition: "True"\n    max_iterations: 4\n    body:\n      - name: inc\n        run: "// js\\nreturn { n: (state.n ?? 0) + 1 };"\n`;
    const run = await runYaml(yaml);
    expect(run.result).toMatchObject({ status: 'completed', state: { n: 4 } });
  });

  it('C26: steps run in order on a copy; non-mapping step results are ignored', async () => {
    const yaml = `nodes:\n  - name: s\n    steps:\n      - run: "// js\\nreturn { a: 1 };"\n      - run: "// js\\nreturn { b: state.a + 1 };"\n      - run: "// js\\nreturn 7;"\n`;
    expect((await runYaml(yaml)).result.state).toEqual({ a: 1, b: 2 });
  });

  it('C27: json.parse with output, without output, and with an output mapping', async () => {
    const withOutput = await runYaml('nodes:\n  - name: p\n    uses: json.parse\n    with: {text: "{{ state.raw }}"}\n    output: parsed\n', { raw: '["x", "y"]' });
    expect(withOutput.result.state.parsed).toEqual({ data: ['x', 'y'], success: true });
    const without = await runYaml('nodes:\n  - name: p\n    uses: json.parse\n    with: {text: "{{ state.raw }}"}\n', { raw: '["x", "y"]' });
    expect(without.result.state).toMatchObject({ data: ['x', 'y'], success: true });
    const mapped = await runYaml(
      'nodes:\n  - name: p\n    uses: json.parse\n    with: {text: "{{ state.raw }}"}\n    output:\n      first: "{{ result.data[0] }}"\n      count: "{{ result.data | length }}"\n      missing: "{{ result.nope }}"\n',
      { raw: '["x", "y"]' },
    );
    expect(mapped.result.state).toMatchObject({ first: 'x', count: 2, missing: '' });
  });

  it("json.parse reports Python's error text for bad JSON", async () => {
    const run = await runYaml('nodes:\n  - name: p\n    uses: json.parse\n    with: {text: "{bad"}\n');
    expect(run.result.state).toMatchObject({
      success: false,
      error: 'JSON parse error: Expecting property name enclosed in double quotes',
      error_type: 'parse',
      position: { line: 1, column: 2 },
    });
  });

  it('C28: graceful on_error records __error__ and the fallback, and the next node in list order runs', async () => {
    const yaml = `nodes:\n  - name: a\n    run: "// js\\nthrow new Error('bad');"\n    on_error: {mode: graceful, fallback: b}\n  - name: next\n    run: ${js("return { after: true };")}  - name: b\n    run: ${js("return { fallback_ran: true };")}`;
    const run = await runYaml(yaml);
    expect(run.result.status).toBe('completed');
    expect(run.result.state).toMatchObject({ __error__: { message: 'bad', node: 'a' }, __fallback_node__: 'b', after: true, fallback_ran: true });
  });

  it('C29: an unknown action fails at run time with TEA\'s text', async () => {
    const run = await runYaml('nodes:\n  - name: a\n    uses: does.not_exist\n');
    expect(run.result.error?.message).toBe('Unknown action: does.not_exist');
  });

  it('notify prints [CHANNEL] message to stdout', async () => {
    const run = await runYaml('nodes:\n  - name: a\n    uses: notify\n    with: {channel: slack, message: "hi {{ state.who }}"}\n', { who: 'there' });
    expect(run.stdout).toBe('[SLACK] hi there\n');
    expect(run.result.state).toEqual({ who: 'there', sent: true });
  });

  it('a JavaScript error names the node and the line inside the block', async () => {
    const run = await runYaml('nodes:\n  - name: a\n    run: |\n      // js\n      const x = 1;\n      missing();\n');
    expect(run.result.error).toMatchObject({ message: 'missing is not defined', node: 'a', line: 3 });
  });

  it('a JavaScript block that returns a function fails with TEA\'s serialisation text', async () => {
    const run = await runYaml('nodes:\n  - name: a\n    run: "// js\\nreturn { f: () => 1 };"\n');
    expect(run.result.error?.message).toBe("Object of type function is not JSON serializable (key 'f' in the result of node 'a')");
  });

  it('a JavaScript block that never ends synchronously is stopped by its time limit', async () => {
    const run = await runYaml('nodes:\n  - name: a\n    run: "// js\\nwhile (true) {}"\n', {}, { blockTimeoutMs: 50 });
    expect(run.result.error?.message).toMatch(/^JavaScript block timed out/);
  });
});
