// ParallelFlowResult records as Python sees them (parallel.md §4.2-§4.3).
import { afterAll, describe, expect, it } from 'vitest';
import { PythonWorker } from '../../../src/runtimes/python/worker-client.js';
import { runBlock, runBlockError } from './helpers.js';

const worker = new PythonWorker();
afterAll(() => worker.close());

function record(index: number, state: Record<string, unknown>, success = true): Record<string, unknown> {
  return {
    branch: `fan[${index}]`,
    success,
    state,
    error: success ? null : 'boom',
    error_type: null,
    traceback: null,
    timeout: false,
    timing_ms: 3,
    retry_count: 0,
    circuit_state: null,
    attempt_errors: [],
    exit_code: null,
  };
}

const results = [record(0, { out: 'a', error: 'state-error' }), record(1, { out: 'b' }, false)];

async function ask(code: string, state: Record<string, unknown> = { parallel_results: results }) {
  return (await runBlock(worker, code, { state: structuredClone(state) })).update;
}

describe('ParallelFlowResult access', () => {
  it('attributes and hasattr', async () => {
    const update = await ask(
      'r = parallel_results[0]\nreturn {"t": type(r).__name__, "b": r.branch, "s": r.success, "st": r.state, "h": hasattr(r, "state"), "ms": r.timing_ms}',
    );
    expect(update).toEqual({ t: 'ParallelFlowResult', b: 'fan[0]', s: true, st: { out: 'a', error: 'state-error' }, h: true, ms: 3 });
  });

  it('[] and get(): fields first, then the branch state, else KeyError/default', async () => {
    const update = await ask(
      'r = parallel_results[0]\nreturn {"out": r["out"], "err": r["error"], "g": r.get("out"), "d": r.get("nope", 7), "state": r["state"]["out"]}',
    );
    expect(update).toEqual({ out: 'a', err: null, g: 'a', d: 7, state: 'a' });
    const error = await runBlockError(worker, 'parallel_results[0]["nope"]', { state: structuredClone({ parallel_results: results }) });
    expect(error.message).toBe("'nope'");
  });

  it('in, keys() and to_dict()', async () => {
    const update = await ask(
      'r = parallel_results[0]\nreturn {"in": ["out" in r, "success" in r, "zz" in r], "keys": r.keys(), "plain": type(r.to_dict()).__name__}',
    );
    expect(update.in).toEqual([true, true, false]);
    expect(update.keys).toEqual([...Object.keys(results[0]!), 'out', 'error']);
    expect(update.plain).toBe('dict');
  });

  it("the seed's fan-in idiom works", async () => {
    const code =
      'outs = []\nfor r in parallel_results:\n    s = r.state if hasattr(r, "state") else r.get("state", {})\n    outs.append(s.get("out"))\nreturn {"outs": outs}';
    expect(await ask(code)).toEqual({ outs: ['a', 'b'] });
  });

  it('json.dumps(parallel_results) works (D5) and gives the twelve keys', async () => {
    const update = await ask('return {"j": json.loads(json.dumps(parallel_results))}');
    expect(update.j).toEqual(results);
  });

  it('records returned or kept in state serialise as plain records', async () => {
    const { update, state } = await runBlock(worker, 'parallel_results[1].state["seen"] = True\nreturn {"results": parallel_results}', {
      state: structuredClone({ parallel_results: results }),
    });
    expect(update.results).toEqual([results[0], { ...results[1], state: { out: 'b', seen: true } }]);
    expect(state.parallel_results).toEqual(update.results);
  });

  it('parallel_results is the very list in the state', async () => {
    expect(await ask('return {"same": parallel_results is state["parallel_results"], "t": type(state["parallel_results"][0]).__name__}')).toEqual({
      same: true,
      t: 'ParallelFlowResult',
    });
  });

  it('records under another key (an output: list) and single record values are wrapped', async () => {
    const update = await ask('return {"a": state["out"][0].branch, "b": state["one"].state["out"]}', {
      out: [results[0]],
      one: results[1],
    });
    expect(update).toEqual({ a: 'fan[0]', b: 'b' });
  });

  it('returning one record is a plain value, as TEA (records are not mappings there)', async () => {
    expect(await ask('return parallel_results[0]')).toEqual({ result: results[0] });
  });

  it('dicts that only look similar stay plain dicts', async () => {
    const reordered = { success: true, branch: 'x', ...results[0] };
    const update = await ask('return {"t": [type(x).__name__ for x in state["l"]]}', {
      l: [{ branch: 'x', success: true }, reordered, { ...results[0], extra: 1 }],
    });
    expect(update).toEqual({ t: ['dict', 'dict', 'dict'] });
  });
});
