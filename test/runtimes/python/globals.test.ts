// The names a block sees (core.md §2.2 step 1, C18).
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { resolvePythonInterpreter } from '../../../src/runtimes/python/interpreter.js';
import { PythonWorker } from '../../../src/runtimes/python/worker-client.js';
import { runBlock, runBlockError } from './helpers.js';

const worker = new PythonWorker();
afterAll(() => worker.close());

async function hasModule(name: string): Promise<boolean> {
  try {
    execFileSync(await resolvePythonInterpreter(), ['-c', `import ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('globals', () => {
  it('node, config, variables and json (C18)', async () => {
    const code = 'return {"node": node, "config": config, "v": variables["g"], "j": json.dumps({"a": 1})}';
    const { update } = await runBlock(worker, code, { node: 'greet', variables: { g: 'hi' } });
    expect(update).toEqual({ node: 'greet', config: {}, v: 'hi', j: '{"a": 1}' });
  });

  it('state is a real dict: get, [] and methods work', async () => {
    const code = 'return {"t": type(state).__name__, "g": state.get("k"), "d": state.get("nope", 5), "i": state["k"]}';
    expect((await runBlock(worker, code, { state: { k: 3 } })).update).toEqual({ t: 'dict', g: 3, d: 5, i: 3 });
  });

  it.each(['secrets', 'env'])('%s is not defined (NameError, as TEA)', async (name) => {
    const error = await runBlockError(worker, `return ${name}`);
    expect(error.message).toBe(`name '${name}' is not defined`);
  });

  it('actions fails clearly on any use', async () => {
    const attr = await runBlockError(worker, 'actions.llm_call(state=state)');
    expect(attr.message).toBe("actions.llm_call is not available in tea Python blocks; use a 'uses:' node");
    const item = await runBlockError(worker, 'actions["llm.call"](state=state)');
    expect(item.message).toBe("actions['llm.call'] is not available in tea Python blocks; use a 'uses:' node");
  });

  it('graph is a stub that explains itself', async () => {
    const error = await runBlockError(worker, 'graph.nodes');
    expect(error.message).toMatch(/^graph\.nodes is not available in tea Python blocks/);
  });

  it('datetime is the module only when the source mentions it', async () => {
    const mentioned = await runBlock(worker, 'return {"t": type(datetime).__name__, "n": datetime.__name__}');
    expect(mentioned.update).toEqual({ t: 'module', n: 'datetime' });
    const absent = await runBlock(worker, 'return {"t": type(globals()["date" + "time"]).__name__}');
    expect(absent.update).toEqual({ t: 'NoneType' });
  });

  it('requests is the module when installed, else None; OpenAI likewise', async () => {
    const code = 'return {"r": type(requests).__name__, "o": OpenAI is None}';
    const { update } = await runBlock(worker, code);
    expect(update.r).toBe((await hasModule('requests')) ? 'module' : 'NoneType');
    expect(update.o).toBe(!(await hasModule('openai')));
  });

  it('parallel_results exists only when the state has that key', async () => {
    const without = await runBlock(worker, 'return {"has": "parallel_results" in globals()}');
    expect(without.update).toEqual({ has: false });
    const withKey = await runBlock(worker, 'return {"n": len(parallel_results)}', { state: { parallel_results: [{ a: 1 }] } });
    expect(withKey.update).toEqual({ n: 1 });
  });

  it('builtins and import work; the worker folder is not on sys.path', async () => {
    const code = 'import os, sys\nreturn {"s": sum(range(4)), "sep": os.sep, "worker": any(p.endswith("runtimes/python") for p in sys.path)}';
    expect((await runBlock(worker, code)).update).toEqual({ s: 6, sep: '/', worker: false });
  });

  it('blocks do not share globals', async () => {
    await runBlock(worker, 'leak = 1\nglobal_leak = 2\nreturn {}');
    const error = await runBlockError(worker, 'return leak');
    expect(error.message).toBe("name 'leak' is not defined");
  });

  it('top-level exec keeps separate globals and locals, as TEA', async () => {
    // a function defined at top level cannot see other top-level names (exec with two dicts)
    const error = await runBlockError(worker, 'k = 1\ndef f():\n    print(k)\nf()');
    expect(error.message).toBe("name 'k' is not defined");
  });
});
