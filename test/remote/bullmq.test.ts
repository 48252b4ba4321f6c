import { fanOutYaml, slowAndBadBranch } from '../helpers/fan-out-yaml.js';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { makeBullmqRunner } from '../../src/parallel/strategies/remote/bullmq-runner.js';
import { makeTag, processesWithTag, waitFor } from '../helpers/leftovers.js';
import { runTea, tempDir } from '../helpers/run-cli.js';
import { startTea } from '../helpers/spawn-tea.js';
import { workflowDir } from '../helpers/workflow-dir.js';
import { runBranchSuite } from './branch-suite.js';
import { restartRedis, startRedis, startWorker, stopRedis, type TeaWorker } from './services.js';

// End to end on one machine: a real redis-server (scripts/services/redis.sh) and two
// `tea worker` processes standing in for two machines.
const queue = `tea-test-${process.pid}`;
const tag = makeTag();
const cacheDir = tempDir('tea-worker-cache-');
const supervisorEnv = { TEA_REMOTE_POLL_MS: '300', TEA_REMOTE_CANCEL_WAIT_MS: '20000' };
let redis: string;
let stopRedisAfter = false;
const workers = new Map<string, TeaWorker>();

function launch(name: string): TeaWorker {
  const worker = startWorker(name, {
    redis,
    queue,
    concurrency: 2,
    env: tag.env,
    // Short locks so a dead worker is noticed in seconds, not the default 30 s.
    args: ['--lock-duration', '3000', '--stalled-interval', '1000', '--health-interval', '1', '--shutdown-grace', '1', '--cache-dir', cacheDir],
  });
  workers.set(name, worker);
  return worker;
}

beforeAll(async () => {
  ({ url: redis, startedHere: stopRedisAfter } = startRedis());
  await Promise.all([launch('machine-a'), launch('machine-b')].map((worker) => worker.waitForLog(/ready: queue/)));
}, 300_000);

afterAll(async () => {
  // A graceful stop, as an operator would; SIGKILL only if that hangs.
  for (const worker of workers.values()) worker.child.kill('SIGTERM');
  await Promise.race([Promise.all([...workers.values()].map((worker) => worker.exited)), new Promise((resolve) => setTimeout(resolve, 10_000))]);
  for (const worker of workers.values()) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
  execFileSync('redis-cli', ['-u', redis, 'eval', `for _,k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end`, '0', `*${queue}*`]);
  if (stopRedisAfter) stopRedis();
});

/** Branch processes left on the "machines": tagged processes that are not the workers themselves. */
async function leftovers(timeoutMs = 15_000): Promise<number[]> {
  const ours = () => new Set([...workers.values()].map((worker) => worker.child.pid));
  // Branch processes are child `tea run`s and their Python workers; a worker's own helpers are not branches.
  const branchProcess = (pid: number) => /bin\/tea\.js\0run|python/.test(cmdline(pid));
  const left = () => processesWithTag(tag.value).filter((pid) => !ours().has(pid) && branchProcess(pid));
  await waitFor(() => left().length === 0, timeoutMs, 'branch processes to end').catch(() => undefined);
  return left();
}

/** The remote settings every workflow here starts with: this suite's queue on the test Redis. */
const remoteSettings = `settings:
  parallel:
    strategy: remote
    remote:
      redis: "\${TEA_TEST_REDIS}"
      queue: ${queue}
`;

function fanOut(code: string, extra = ''): string {
  return fanOutYaml(code, { settings: remoteSettings, extra });
}

async function run(dir: string, input: Record<string, unknown>) {
  const result = await runTea(['run', 'wf.yaml', '-q', '-o', '-', '--input', JSON.stringify({ markers: dir, ...input })], {
    cwd: dir,
    env: { ...supervisorEnv, TEA_TEST_REDIS: redis },
  });
  if (result.code !== 0) throw new Error(`tea run failed (${result.code}):\n${result.stderr}`);
  return JSON.parse(result.stdout) as { results: { branch: string; success: boolean; error: string | null; state: Record<string, any>; retry_count: number }[] };
}

runBranchSuite('remote (BullMQ)', () => ({
  createRunner: (context) => makeBullmqRunner(context, { url: redis, queue, workerRetries: 1, transfer: 'ship' }, { pollMs: 300 }),
  ownsProcesses: true,
}));

describe('strategy: remote on BullMQ workers', () => {
  it('returns every result in input order, from both workers, state shipped both ways', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOut('import os, time\ntime.sleep(0.3)\nreturn {"v": state["item"] * 10, "worker": os.environ["TEA_WORKER_NAME"], "cwd": os.getcwd()}', '    max_concurrency: 4\n') });
    const state = await run(dir, { items: [0, 1, 2, 3, 4, 5, 6, 7] });
    expect(state.results.map((record) => record.state.v)).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
    expect(new Set(state.results.map((record) => record.state.worker))).toEqual(new Set(['machine-a', 'machine-b']));
    // The workflow was shipped with the jobs (content-hashed), not read from our folder.
    expect(state.results.every((record) => record.state.cwd.startsWith(cacheDir))).toBe(true);
  });

  it('max_concurrency holds across workers (2 of the 4 worker slots)', async () => {
    const code = `import os, time
d = state["markers"]
open(os.path.join(d, "%d.start" % state["index"]), "w").write(repr(time.time()))
time.sleep(0.4)
open(os.path.join(d, "%d.end" % state["index"]), "w").write(repr(time.time()))
return {}`;
    const dir = workflowDir({ 'wf.yaml': fanOut(code, '    max_concurrency: 2\n') });
    await run(dir, { items: [0, 1, 2, 3, 4, 5] });
    const spans = [0, 1, 2, 3, 4, 5].map((index) => ({ start: readTime(dir, `${index}.start`), end: readTime(dir, `${index}.end`) }));
    const overlap = Math.max(...spans.map(({ start }) => spans.filter((span) => span.start <= start && start < span.end).length));
    expect(overlap).toBe(2);
  });

  it('subgraph branches: the child workflow travels with the job', async () => {
    const dir = workflowDir({
      'wf.yaml': `${remoteSettings}nodes:
  - name: fan
    type: dynamic_parallel
    items: "{{ state.items }}"
    fan_in: collect
    subgraph: sub/child.yaml
  - name: collect
    run: |
      return {"results": parallel_results}
`,
      'sub/child.yaml': 'nodes:\n  - name: twice\n    run: |\n      import os\n      return {"twice": state["item"] * 2, "file": os.path.abspath("child.yaml")}\n',
    });
    const state = await run(dir, { items: [1, 2] });
    expect(state.results.map((record) => record.state.twice)).toEqual([2, 4]);
    expect(state.results[0]!.state.file.startsWith(cacheDir)).toBe(true);
  });

  it('fail_fast cancels the running remote branch and starts nothing new; nothing is left on any worker', async () => {
    const code = slowAndBadBranch;
    const dir = workflowDir({ 'wf.yaml': fanOut(code, '    max_concurrency: 2\n    fail_fast: true\n') });
    const started = Date.now();
    const state = await run(dir, { items: ['quick', 'slow', 'bad', 'later'] });
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(state.results.map((record) => record.success)).toEqual([true, false, false, false]);
    expect(state.results[1]).toMatchObject({ error: 'Cancelled due to fail_fast', state: { item: 'slow', index: 1 } });
    expect(state.results[2]).toMatchObject({ error: 'bad item' });
    expect(state.results[3]).toMatchObject({ error: 'Cancelled due to fail_fast', state: {} });
    expect((await leftovers()).map(cmdline)).toEqual([]);
  });

  it('SIGINT on the supervisor stops the remote branches; nothing is left on any worker', async () => {
    const code = 'import os, time\nopen(os.path.join(state["markers"], "%d.running" % state["index"]), "w").close()\ntime.sleep(60)\nreturn {}';
    const dir = workflowDir({ 'wf.yaml': fanOut(code) });
    const tea = startTea(['run', 'wf.yaml', '-q', '--input', JSON.stringify({ items: [0, 1, 2], markers: dir })], { cwd: dir, env: { ...supervisorEnv, TEA_TEST_REDIS: redis } });
    await waitFor(() => readdirSync(dir).filter((name) => name.endsWith('.running')).length === 3, 30_000, 'three remote branches to run');
    tea.child.kill('SIGINT');
    const exit = await tea.exited;
    expect(exit.code).toBe(130);
    expect((await leftovers()).map(cmdline)).toEqual([]);
  });

  it('SIGTERM on the supervisor kills the remote branches at once; nothing is left on any worker', async () => {
    const code = 'import os, time\nopen(os.path.join(state["markers"], "%d.running" % state["index"]), "w").close()\ntime.sleep(60)\nreturn {}';
    const dir = workflowDir({ 'wf.yaml': fanOut(code) });
    const tea = startTea(['run', 'wf.yaml', '-q', '--input', JSON.stringify({ items: [0, 1], markers: dir })], { cwd: dir, env: { ...supervisorEnv, TEA_TEST_REDIS: redis } });
    await waitFor(() => readdirSync(dir).filter((name) => name.endsWith('.running')).length === 2, 30_000, 'two remote branches to run');
    tea.child.kill('SIGTERM');
    expect((await tea.exited).code).toBe(143);
    expect((await leftovers()).map(cmdline)).toEqual([]);
  });

  it('a supervisor killed with SIGKILL leaves no orphans: its lease runs out and the workers stop its branches', async () => {
    const code = 'import os, time\nopen(os.path.join(state["markers"], "%d.running" % state["index"]), "w").close()\ntime.sleep(60)\nreturn {}';
    const dir = workflowDir({ 'wf.yaml': fanOut(code) });
    const env = { ...supervisorEnv, TEA_TEST_REDIS: redis, TEA_REMOTE_LEASE_MS: '1500' };
    const tea = startTea(['run', 'wf.yaml', '-q', '--input', JSON.stringify({ items: [0, 1], markers: dir })], { cwd: dir, env });
    await waitFor(() => readdirSync(dir).filter((name) => name.endsWith('.running')).length === 2, 30_000, 'two remote branches to run');
    tea.child.kill('SIGKILL');
    await tea.exited;
    expect((await leftovers()).map(cmdline)).toEqual([]);
    expect([...workers.values()].some((worker) => /The supervisor of this run is gone/.test(worker.log()))).toBe(true);
  });

  it('refuses a job from an incompatible tea version with a clear error', async () => {
    const producer = new Queue(queue, { connection: { url: redis }, prefix: 'tea' });
    try {
      const job = await producer.add(
        'branch',
        { v: 1, teaVersion: '99.0.0', runId: 'rversion', ref: { node: 'fan', index: 0, name: 'fan[0]' }, body: { kind: 'node', node: 'fan' }, state: {}, workflow: { transfer: 'shared', file: '/nonexistent.yaml', cwd: '/' }, maxStarts: 1 },
        { jobId: 'rversion-0-1' },
      );
      await waitFor(() => workers.get('machine-a')!.log().includes('refused job') || workers.get('machine-b')!.log().includes('refused job'), 15_000, 'a worker to refuse the job');
      const failed = await waitForState(producer, job.id!, 'failed');
      expect(failed).toContain('This worker runs tea 0.1.0');
      expect(failed).toContain('the job comes from tea 99.0.0');
    } finally {
      await producer.close();
    }
  });

  // The branch marks which worker runs it, then holds until the test creates "go".
  const markStartedThenWaitForGo = `import os, time
d = state["markers"]
open(os.path.join(d, "%s.started" % os.environ["TEA_WORKER_NAME"]), "w").close()
while not os.path.exists(os.path.join(d, "go")):
    time.sleep(0.05)
return {"worker": os.environ["TEA_WORKER_NAME"]}`;

  it('a worker shutting down (SIGTERM) hands its branch back to another worker', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOut(markStartedThenWaitForGo) });
    const pending = run(dir, { items: ['only'] });
    await waitFor(() => readdirSync(dir).some((name) => name.endsWith('.started')), 30_000, 'the branch to start');
    const first = readdirSync(dir).find((name) => name.endsWith('.started'))!.replace('.started', '');
    const leaving = workers.get(first)!;
    leaving.child.kill('SIGTERM');
    expect((await leaving.exited).code).toBe(0);
    expect(leaving.log()).toMatch(/handed back job/);
    writeFileSync(path.join(dir, 'go'), '');
    const state = await pending;
    expect(state.results[0]).toMatchObject({ success: true, retry_count: 0 });
    expect(state.results[0]!.state.worker).not.toBe(first);
    await launch(first).waitForLog(/ready: queue/);
  });

  it('a worker killed with SIGKILL mid-branch: the branch is retried on the other worker, counted once', async () => {
    const dir = workflowDir({ 'wf.yaml': fanOut(markStartedThenWaitForGo) });
    const pending = run(dir, { items: ['victim', 'bystander'] });
    await waitFor(() => readdirSync(dir).filter((name) => name.endsWith('.started')).length >= 1, 30_000, 'a branch to start');
    const first = readdirSync(dir).find((name) => name.endsWith('.started'))!.replace('.started', '');
    const victim = workers.get(first)!;
    victim.child.kill('SIGKILL');
    await victim.exited;
    workers.delete(first);
    writeFileSync(path.join(dir, 'go'), '');
    const state = await pending;
    expect(state.results.every((record) => record.success)).toBe(true);
    expect(state.results.map((record) => record.state.worker)).toEqual([expect.not.stringMatching(first), expect.not.stringMatching(first)]);
    // One branch (or both, if the dead worker held both) needed a second start.
    expect(state.results.map((record) => record.retry_count), JSON.stringify(state.results)).toContain(1);
    expect((await leftovers()).map(cmdline)).toEqual([]);
    await launch(first).waitForLog(/ready: queue/);
  });

  it('a Redis restart during a run does not lose a finished result', async () => {
    const code = `import os, time
d = state["markers"]
if state["item"] in ("late-1", "late-2"):
    while not os.path.exists(os.path.join(d, "go")):
        time.sleep(0.05)
return {"v": state["item"]}`;
    const dir = workflowDir({ 'wf.yaml': fanOut(code) });
    const completed = () => Number(execFileSync('redis-cli', ['-u', redis, 'zcard', `tea:${queue}:completed`], { encoding: 'utf8' }).trim());
    const before = completed();
    const pending = run(dir, { items: ['early-1', 'late-1', 'early-2', 'late-2'] });
    await waitFor(() => completed() >= before + 2, 30_000, 'the two early branches to finish');
    restartRedis();
    writeFileSync(path.join(dir, 'go'), '');
    const state = await pending;
    expect(state.results.map((record) => [record.success, record.state.v])).toEqual([
      [true, 'early-1'],
      [true, 'late-1'],
      [true, 'early-2'],
      [true, 'late-2'],
    ]);
  });

  it('tea worker logs a health line', () => {
    expect([...workers.values()].some((worker) => /health ok: redis ok, queue/.test(worker.log()))).toBe(true);
  });
});

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

function readTime(dir: string, name: string): number {
  return Number(readFileSync(path.join(dir, name), 'utf8'));
}

async function waitForState(producer: Queue, jobId: string, wanted: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const state = await producer.getJobState(jobId);
    if (state === wanted) return (await producer.getJob(jobId))!.failedReason;
    if (Date.now() > deadline) throw new Error(`job ${jobId} is ${state}, not ${wanted}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
