import { afterAll, describe, expect, it } from 'vitest';
import { closePythonWorker } from '../../src/runtimes/python/worker-client.js';
import { runYaml } from '../helpers/run-engine.js';

afterAll(() => closePythonWorker());

/** A node with a Python block, the code indented under `run: |`. */
function py(name: string, code: string): string {
  return `  - name: ${name}\n    run: |\n${code.trim().split('\n').map((line) => `      ${line}`).join('\n')}\n`;
}

describe('Python run: blocks (core.md §2.2, §8 C16–C23)', () => {
  it('C16: return shapes — falling off, a value, locals, a comment that says return', async () => {
    const yaml = `nodes:\n${py('a', 'if False:\n    return {"x": 1}')}`;
    expect((await runYaml(yaml)).result.state).toEqual({ result: null });
    expect((await runYaml(`nodes:\n${py('a', 'return 42')}`)).result.state).toEqual({ result: 42 });
    expect((await runYaml(`nodes:\n${py('a', 'a = 1\n_hidden = 2\nmsg = "hi"')}`)).result.state).toEqual({ a: 1, msg: 'hi' });
    const comment = await runYaml(`nodes:\n${py('a', 'a = 1\nmsg = "hi"\n# we never return here')}`);
    expect(comment.result.state).toEqual({ result: null });
  });

  it('C17: {{ state.data }} inserts the Python repr, which runs as a real dict', async () => {
    const yaml = `nodes:\n${py('a', 'data = {{ state.data }}\nreturn {"t": data["t"] is True, "z": data["z"] is None}')}`;
    expect((await runYaml(yaml, { data: { t: true, z: null } })).result.state).toMatchObject({ t: true, z: true });
  });

  it('C18: globals node, config, variables, json; secrets is not defined', async () => {
    const yaml = `variables: {g: 1}\nnodes:\n${py('a', 'return {"node": node, "config": config, "g": variables["g"], "j": json.dumps([1])}')}${py('b', 'return {"s": secrets}')}`;
    const run = await runYaml(yaml);
    expect(run.result.state).toMatchObject({ node: 'a', config: {}, g: 1, j: '[1]' });
    expect(run.result.error?.message).toBe("name 'secrets' is not defined");
  });

  it('C19: in-place set and del persist; nested dicts are replaced', async () => {
    const yaml = `nodes:\n${py('a', 'state["added"] = 1\ndel state["gone"]\nreturn {"nested": {"y": 2}}')}`;
    expect((await runYaml(yaml, { gone: 1, nested: { x: 1 } })).result.state).toEqual({ nested: { y: 2 }, added: 1 });
  });

  it('C20: an exception fails the node with str(e) and the line in the block', async () => {
    const yaml = `nodes:\n${py('a', 'return {}')}${py('b', 'x = 1\nraise ValueError("boom")')}`;
    const run = await runYaml(yaml);
    expect(run.visited).toEqual(['a']);
    expect(run.result.error).toMatchObject({ message: 'boom', node: 'b', line: 2 });
    expect(run.result.error?.detail).toContain('ValueError: boom');
  });

  it("a KeyError reads like Python's str(e), with quotes", async () => {
    const run = await runYaml(`nodes:\n${py('a', 'return {"x": state["nope"]}')}`);
    expect(run.result.error?.message).toBe("'nope'");
  });

  it('C21: an f-string with doubled braces is a template error first', async () => {
    const run = await runYaml(`nodes:\n${py('a', 'x = 1\nreturn {"s": f"{{x}}"}')}`);
    expect(run.result.error?.message).toBe("Template error: 'x' is undefined");
  });

  it('C22: ${name} is a YAML variable; unknown ones stay; {{ }} renders first', async () => {
    const yaml = `variables: {who: world}\nnodes:\n${py('a', 'return {"s": "hello ${who} ${HOME_NOPE} {{ state.k }}"}')}`;
    expect((await runYaml(yaml, { k: 1 })).result.state.s).toBe('hello world ${HOME_NOPE} 1');
  });

  it('C23: an expression run stores its value under output_key', async () => {
    const yaml = 'nodes:\n  - name: a\n    run:\n      type: expression\n      value: \'len(state.get("items", [])) > 0\'\n      output_key: has_items\n';
    expect((await runYaml(yaml, { items: [1] })).result.state).toMatchObject({ has_items: true });
    const failing = await runYaml('nodes:\n  - name: a\n    run: {type: expression, value: "1/0"}\n');
    expect(failing.result.error?.message).toBe("Error evaluating expression '1/0': division by zero");
  });

  it('print() reaches stdout before the node finishes, in order', async () => {
    const run = await runYaml(`nodes:\n${py('a', 'print("one")\nprint("two")\nreturn {}')}${py('b', 'print("three")')}`);
    const order = run.events.flatMap((event) => (event.type === 'output' ? [event.text.trim()] : event.type === 'node_end' ? [`end ${event.node}`] : []));
    expect(order).toEqual(['one', 'two', 'end a', 'three', 'end b']);
  });

  it('a module left in locals fails with TEA\'s serialisation text naming the key', async () => {
    const run = await runYaml(`nodes:\n${py('a', 'import math\nx = 1')}`);
    expect(run.result.error?.message).toBe("Object of type module is not JSON serializable (key 'math' in the result of node 'a')");
  });

  it('a missing module is an ImportError in our format', async () => {
    const run = await runYaml(`nodes:\n${py('a', 'import no_such_module_here\nreturn {}')}`);
    expect(run.result.error).toMatchObject({ message: "No module named 'no_such_module_here'", node: 'a', line: 1 });
  });

  it('actions is not available and says so when used', async () => {
    const run = await runYaml(`nodes:\n${py('a', 'return actions.notify(state=state)')}`);
    expect(run.result.error?.message).toContain('not available');
  });

  it('steps mix Python and ignore non-mapping step results', async () => {
    const yaml = 'nodes:\n  - name: s\n    steps:\n      - run: \'return {"a": 1}\'\n      - run: \'return {"b": state["a"] + 1}\'\n      - run: return 7\n';
    expect((await runYaml(yaml)).result.state).toEqual({ a: 1, b: 2 });
  });
});
