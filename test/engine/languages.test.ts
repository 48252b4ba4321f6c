import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { withoutTimings } from '../helpers/examples.js';
import { makeTag, waitForNoTagged } from '../helpers/leftovers.js';
import { repoRoot, runTea } from '../helpers/run-cli.js';
import { runYaml } from '../helpers/run-engine.js';

const fixture = (name: string) => path.join(repoRoot, 'test/fixtures/workflows', name);

describe('Lua, Prolog and JavaScript nodes in the engine (core.md §2.1)', () => {
  it('Lua in its three spellings: state in, table out, print captured; -- lua is honoured (core.md §9 item 5)', async () => {
    const run = await runYaml(readFileSync(fixture('lua-block.yaml'), 'utf8'), { value: 20, name: 'tea' });
    expect(run.result.state).toEqual({ value: 40, name: 'tea', items: [1, 2, 3], total: 6, greeting: 'hi tea' });
    expect(run.stdout).toBe('doubling 20\n');
  });

  it("Lua globals carry from one node to the next, as in TEA's one runtime; inline branches start fresh", async () => {
    const yaml = `nodes:
  - name: define
    language: lua
    run: |
      base = 10
      function scale(x) return x * base end
  - name: use
    language: lua
    run: |
      return {scaled = scale(state.n), seen = base}
  - name: fan
    type: dynamic_parallel
    strategy: thread
    items: [1, 2]
    fan_in: join
    steps:
      - language: lua
        run: |
          local before = base
          base = state.item
          return {inherited = before == nil, own = base}
  - name: join
    language: lua
    run: |
      return {base_after = base}
`;
    const run = await runYaml(yaml, { n: 4 });
    expect(run.result.status).toBe('completed');
    expect(run.result.state).toMatchObject({ scaled: 40, seen: 10, base_after: 10 });
    const branches = (run.result.state.parallel_results as Array<{ state: Record<string, unknown> }>).map((record) => record.state);
    expect(branches.map((state) => [state.inherited, state.own])).toEqual([[true, 1], [true, 2]]);
  });

  it("Prolog in its three spellings, with TEA's state/2 and return/2", async () => {
    const run = await runYaml(readFileSync(fixture('prolog-block.yaml'), 'utf8'), { value: 5, numbers: [1, 3, 4] });
    expect(run.result.state).toMatchObject({ doubled: 10, x: 5, y: 10, total: 8, has_even: true });
    expect(run.stdout).toBe('doubled 10\n');
  });

  it('a Lua error fails the node with its message and block line', async () => {
    const run = await runYaml('nodes:\n  - name: l\n    language: lua\n    run: |\n      local x = 1\n      error("lua broke")\n');
    expect(run.result.error).toMatchObject({ node: 'l', line: 2 });
    expect(run.result.error?.message).toContain('lua broke');
  });

  it('a Lua block over the time limit is stopped', async () => {
    const run = await runYaml('nodes:\n  - name: l\n    language: lua\n    run: |\n      while true do end\n', {}, { blockTimeoutMs: 200 });
    expect(run.result.error?.message).toMatch(/^Lua execution timeout/);
  });

  it('a Prolog block over the time limit is stopped', async () => {
    const run = await runYaml('nodes:\n  - name: p\n    language: prolog\n    run: |\n      repeat, fail.\n', {}, { blockTimeoutMs: 300 });
    expect(run.result.error?.message).toMatch(/^Prolog execution timeout/);
  });
});

describe('branches in every language, joined by one fan-in (issue: mixed languages)', () => {
  it('process and inline strategies give the same fan-in result, and nothing is left', async () => {
    const env = { FAKE_AGENT: path.join(repoRoot, 'test/fixtures/programs/fake-agent.mjs') };
    const results = [];
    for (const strategy of ['process', 'inline']) {
      const tag = makeTag();
      const result = await runTea(['run', fixture('mixed-languages.yaml'), '-q', '-o', '-'], { env: { ...env, ...tag.env, TEA_PARALLEL_STRATEGY: strategy } });
      expect(result.code).toBe(0);
      const state = JSON.parse(result.stdout);
      expect(state.merged).toEqual({ python: 12, lua: 18, prolog: 24, js: 30 });
      expect(state.agent_args).toEqual(['n is 6']);
      results.push(withoutTimings(state));
      expect(await waitForNoTagged(tag.value)).toEqual([]);
    }
    expect(results[0]).toEqual(results[1]);
  });
});
