import { describe, expect, it } from 'vitest';
import { examplesSandbox, parseStream, withoutTimings } from '../helpers/examples.js';
import { makeTag, waitForNoTagged } from '../helpers/leftovers.js';
import { runTea } from '../helpers/run-cli.js';

/** The example workflows run unchanged and print what examples/README.md gives as ours. */
describe('the examples from the TEA guides', () => {
  const cwd = examplesSandbox();

  it('quick-dynamic-parallel: Completed 3 tasks (D6), three records in input order', async () => {
    const result = await runTea(['run', 'quick-dynamic-parallel.yaml', '--output', 'out.json'], { cwd });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.indexOf('✓ setup')).toBeLessThan(lines.indexOf('✓ process_all'));
    expect(lines.indexOf('✓ process_all')).toBeLessThan(lines.indexOf('Completed 3 tasks'));
    expect(lines.indexOf('Completed 3 tasks')).toBeLessThan(lines.indexOf('✓ collect_results'));
    for (const task of ['task-1', 'task-2', 'task-3']) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^\\[process_all#\\d ${task}\\] Processing: ${task}$`)));
    const state = JSON.parse((await import('node:fs')).readFileSync(`${cwd}/out.json`, 'utf8'));
    expect(state.results).toEqual(state.parallel_results);
    expect(state.parallel_results.map((record: { branch: string }) => record.branch)).toEqual(['process_all[0]', 'process_all[1]', 'process_all[2]']);
    expect(state.parallel_results[1]).toEqual({
      branch: 'process_all[1]',
      success: true,
      state: { items: ['task-1', 'task-2', 'task-3'], task_id: 'task-2', index: 1, task: 'task-2', done: true },
      error: null,
      error_type: null,
      traceback: null,
      timeout: false,
      timing_ms: expect.any(Number),
      retry_count: 0,
      circuit_state: null,
      attempt_errors: [],
      exit_code: null,
    });
  });

  it('quick-dynamic-parallel -q: only the three Processing lines and Completed 3 tasks', async () => {
    const result = await runTea(['run', 'quick-dynamic-parallel.yaml', '-q'], { cwd });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.slice(0, 3).map((line) => line.replace(/^\[process_all#\d task-\d\] /, '')).sort()).toEqual(['Processing: task-1', 'Processing: task-2', 'Processing: task-3']);
    expect(lines[3]).toBe('Completed 3 tasks');
  });

  it('phased-pipeline: Total: 5 tasks; phase 2 starts only after phase 1 completes; D14 nesting', async () => {
    const result = await runTea(['run', 'phased-pipeline.yaml', '--output', 'phased.json'], { cwd });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const at = (text: string) => lines.findIndex((line) => line.endsWith(text));
    const order = ['✓ init', 'Starting Phase 1', '✓ phase1_start', '[Phase1] A', '✓ phase1_run', 'Phase 1 complete', '✓ phase1_complete', 'Starting Phase 2', '[Phase2] C', '✓ phase2_run', 'Phase 2 complete', 'Total: 5 tasks', '✓ summary'];
    const positions = order.map(at);
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(at('[Phase1] B')).toBeLessThan(at('Phase 1 complete'));
    for (const item of ['D', 'E']) expect(at(`[Phase2] ${item}`)).toBeGreaterThan(at('Starting Phase 2'));
    const state = JSON.parse((await import('node:fs')).readFileSync(`${cwd}/phased.json`, 'utf8'));
    expect(state.phase1_results).toHaveLength(2);
    expect(state.phase2_results).toHaveLength(3);
    expect(state.parallel_results).toEqual(state.phase2_results);
    expect(state.phase2_results[0].state.parallel_results).toEqual(state.phase1_results);
  });

  const staticState = {
    input: 'hello',
    parallel_results: [
      { input: 'hello', sentiment: 'positive' },
      { input: 'hello', entities: ['Company', 'Product'] },
      { input: 'hello', summary: 'Brief overview' },
    ],
  };

  it.each(['static-parallel-fan-in.yaml', 'static-parallel-type-parallel.yaml'])('%s: branch states in edge order (D1, D2)', async (file) => {
    const result = await runTea(['run', file, '--input', '{"input": "hello"}', '-q', '-o', '-'], { cwd });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ ...staticState, results: staticState.parallel_results });
  });

  it('static-parallel-fan-in: the three branches run concurrently', async () => {
    const result = await runTea(['run', 'static-parallel-fan-in.yaml', '--input', '{"input": "hello"}', '--stream'], { cwd });
    const types = parseStream(result.stdout).map((event) => event.type);
    const lastStart = types.lastIndexOf('branch_started');
    const firstFinish = types.indexOf('branch_finished');
    expect(types.filter((type) => type === 'branch_started')).toHaveLength(3);
    expect(lastStart).toBeLessThan(firstFinish);
  });

  it('fan-in-results-access: a: OK, b: FAILED, c: OK between ✓ work and ✓ collect (D6)', async () => {
    const result = await runTea(['run', 'fan-in-results-access.yaml'], { cwd });
    expect(result.stdout).toContain('✓ setup\n✓ work\na: OK\nb: FAILED\nc: OK\n✓ collect\n');
  });

  it('subprocess-nested: nested tea runs through bash + source; 2/3 ok; nothing left behind', async () => {
    const tag = makeTag();
    const result = await runTea(['run', 'subprocess-nested.yaml', '--input', '{"workflow_args": ["alpha", "fail", "gamma"]}', '-o', 'nested.json'], {
      cwd,
      env: tag.env,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✓ run_workflows\nnested runs: 2/3 ok\n✓ collect\n');
    const state = JSON.parse((await import('node:fs')).readFileSync(`${cwd}/nested.json`, 'utf8'));
    expect(state.nested).toEqual([
      { arg: 'alpha', success: true, returncode: 0 },
      { arg: 'fail', success: false, returncode: 1 },
      { arg: 'gamma', success: true, returncode: 0 },
    ]);
    expect(state.all_ok).toBe(false);
    expect(await waitForNoTagged(tag.value)).toEqual([]);
  });

  it('my-workflow on its own: ALPHA, and a clean failure for "fail"', async () => {
    const ok = await runTea(['run', 'my-workflow.yaml', '--input', '{"arg": "alpha"}', '-q', '-o', '-'], { cwd });
    expect(JSON.parse(ok.stdout)).toEqual({ arg: 'alpha', upper: 'ALPHA' });
    const failing = await runTea(['run', 'my-workflow.yaml', '--input', '{"arg": "fail"}'], { cwd });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('✗ Error at handle: asked to fail\n');
  });

  it.each([
    ['quick-dynamic-parallel.yaml', []],
    ['phased-pipeline.yaml', []],
    ['static-parallel-fan-in.yaml', ['--input', '{"input": "hello"}']],
    ['fan-in-results-access.yaml', []],
  ])('%s: the process, pool and inline strategies give the same final state', async (file, extra) => {
    const run = async (strategy: string) => {
      const result = await runTea(['run', file, ...extra, '-q', '-o', '-', '--strategy', strategy], { cwd });
      expect(result.code).toBe(0);
      return withoutTimings(JSON.parse(result.stdout));
    };
    const processed = await run('process');
    expect(await run('inline')).toEqual(processed);
    expect(await run('pool')).toEqual(processed);
  });
});
