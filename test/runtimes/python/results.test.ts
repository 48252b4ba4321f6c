// Block results and state crossing back as JSON (core.md §2.2 steps 3-4, §2.3; C16, C17, C19, C23).
import { afterAll, describe, expect, it } from 'vitest';
import { PythonWorker } from '../../../src/runtimes/python/worker-client.js';
import { isFloatAt } from '../../../src/util/python-floats.js';
import { runBlock, runBlockError } from './helpers.js';

const worker = new PythonWorker();
afterAll(() => worker.close());

describe('return shapes (C16)', () => {
  it('`if False: return ...` falls off the end: result null', async () => {
    const { update } = await runBlock(worker, 'if False:\n    return {"x": 1}');
    expect(update).toEqual({ result: null });
  });

  it('a non-mapping return becomes {result: v}', async () => {
    expect(await runBlock(worker, 'return 42')).toMatchObject({ update: { result: 42 }, mapping: false });
    expect((await runBlock(worker, 'return [1, "a"]')).update).toEqual({ result: [1, 'a'] });
  });

  it('a mapping return is the update as is', async () => {
    expect(await runBlock(worker, 'return {"a": 1, "b": None}')).toMatchObject({ update: { a: 1, b: null }, mapping: true });
    expect(await runBlock(worker, 'return {"result": 7}')).toMatchObject({ update: { result: 7 }, mapping: true });
  });

  it('without return: the locals not starting with _', async () => {
    const { update } = await runBlock(worker, 'a = 1\n_hidden = 2\nmsg = "hi"');
    expect(update).toEqual({ a: 1, msg: 'hi' });
  });

  it('the word "return" anywhere (a comment) selects function mode', async () => {
    const { update } = await runBlock(worker, 'x = 1  # no return here');
    expect(update).toEqual({ result: null });
  });

  it('a block of only a comment saying return runs as an empty function', async () => {
    expect((await runBlock(worker, '# return later')).update).toEqual({ result: null });
  });

  it('function mode keeps multi-line strings intact (core.md §9.12)', async () => {
    const { update } = await runBlock(worker, 'text = """a\nb"""\nreturn {"text": text}');
    expect(update).toEqual({ text: 'a\nb' });
  });

  it('a function defined in the block can be called and returned from', async () => {
    const code = 'def double(v):\n    return v * 2\nreturn {"d": double(state["n"])}';
    expect((await runBlock(worker, code, { state: { n: 21 } })).update).toEqual({ d: 42 });
  });
});

describe('state', () => {
  it('in-place sets and del persist (C19)', async () => {
    const { state, update } = await runBlock(worker, 'state["added"] = 1\ndel state["gone"]\nstate["n"]["x"] = 2', {
      state: { gone: true, n: { y: 1 } },
    });
    expect(state).toEqual({ n: { y: 1, x: 2 }, added: 1 });
    expect(update).toEqual({});
  });

  it('a rendered Python literal is a real dict (C17)', async () => {
    const { update } = await runBlock(worker, "data = {'t': True, 'z': None}\nkind = type(data).__name__");
    expect(update).toEqual({ data: { t: true, z: null }, kind: 'dict' });
  });

  it('JSON values round-trip with their types', async () => {
    const value = { i: 1, f: 1.5, s: 'héllo ✓', b: false, n: null, l: [1, [2]], d: { k: 'v' } };
    const { update, state } = await runBlock(worker, 'return {"copy": state["v"], "types": [type(x).__name__ for x in state["v"].values()]}', {
      state: { v: value },
    });
    expect(update.copy).toEqual(value);
    expect(update.types).toEqual(['int', 'float', 'str', 'bool', 'NoneType', 'list', 'dict']);
    expect(state).toEqual({ v: value });
  });

  it('a multi-megabyte state crosses both ways', async () => {
    const items = Array.from({ length: 20_000 }, (_, i) => ({ i, text: 'x'.repeat(200) }));
    const { state, update } = await runBlock(worker, 'state["items"].append({"i": -1})\nreturn {"n": len(state["items"])}', {
      state: { items },
    });
    expect(update).toEqual({ n: 20_001 });
    expect((state.items as unknown[]).length).toBe(20_001);
    expect((state.items as { text?: string }[])[19_999]!.text).toBe('x'.repeat(200));
  });

  it('tuples become lists and objects with to_dict() are converted', async () => {
    const code = 'class P:\n    def to_dict(self):\n        return {"p": 1}\nreturn {"t": (1, 2), "o": P()}';
    expect((await runBlock(worker, code)).update).toEqual({ t: [1, 2], o: { p: 1 } });
  });
});

describe('expression mode (core.md §2.3, C23)', () => {
  it('evaluates one expression against state, config, node', async () => {
    const { update } = await runBlock(worker, 'len(state.get("items", [])) > 0', {
      kind: 'expression',
      state: { items: [1] },
    });
    expect(update).toEqual({ result: true });
    const other = await runBlock(worker, '  (node, config)', { kind: 'expression', node: 'e', config: { k: 1 } });
    expect(other.update).toEqual({ result: ['e', { k: 1 }] });
  });

  it('a mapping value stays under result', async () => {
    expect((await runBlock(worker, '{"a": 1}', { kind: 'expression' })).update).toEqual({ result: { a: 1 } });
  });

  it('statements are a syntax error', async () => {
    const error = await runBlockError(worker, 'x = 1', { kind: 'expression' });
    expect(error.code).toBe('NODE_FAILED');
    expect(error.message).toContain('invalid syntax');
  });
});

describe('values that are not JSON', () => {
  it('a module in the locals names the node and key, TEA sentence first', async () => {
    const error = await runBlockError(worker, 'import math\nx = 1', { node: 'a' });
    expect(error.code).toBe('NOT_SERIALIZABLE');
    expect(error.node).toBe('a');
    expect(error.message).toBe("Object of type module is not JSON serializable (key 'math' in the result of node 'a')");
  });

  it('a bad value put into the state names the state', async () => {
    const error = await runBlockError(worker, 'state["s"] = {1, 2}\nreturn {}', { node: 'b' });
    expect(error.message).toBe("Object of type set is not JSON serializable (key 's' in the state after node 'b')");
  });

  it('NaN and the infinities cross as the floats they are, both ways (json.dumps writes them, as TEA prints them)', async () => {
    const { update } = await runBlock(worker, 'return {"x": float("nan"), "y": float("inf"), "z": [-float("inf")]}');
    expect(update).toEqual({ x: NaN, y: Infinity, z: [-Infinity] });
    expect([isFloatAt(update, 'x'), isFloatAt(update, 'y'), isFloatAt(update.z as object, 0)]).toEqual([true, true, true]);
    const back = await runBlock(worker, 'import math\nreturn {"nan": math.isnan(state["x"]), "inf": state["y"] == math.inf}', { state: update });
    expect(back.update).toEqual({ nan: true, inf: true });
  });

  it('a state JavaScript cannot encode fails before reaching Python', async () => {
    const error = await runBlockError(worker, 'return {}', { state: { big: 1n } });
    expect(error.code).toBe('NOT_SERIALIZABLE');
  });
});
