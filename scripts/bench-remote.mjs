// The remote strategy's cost per branch: 200 trivial branches through the BullMQ queue (two
// `tea worker`s on this machine, a local redis-server) against the local process strategy.
// Runs the built CLI (`npm run bench` builds first). Figures are medians of BENCH_RUNS (3) runs.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fixed, medianRun, printTable, root, teaBin, writeWorkflow } from './lib-bench.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const count = 200;
const concurrency = 16;
const workerSlots = 8;
const port = process.env.BENCH_REDIS_PORT ?? '6399';
const redisScript = path.join(root, 'scripts/services/redis.sh');
const queue = `tea-bench-${process.pid}`;

const wasRunning = spawnQuiet('bash', [redisScript, 'status', port]);
const redis = execFileSync('bash', [redisScript, 'start', port], { encoding: 'utf8' }).trim().split('\n').at(-1);
const workers = ['bench-a', 'bench-b'].map((name) =>
  spawn(process.execPath, [teaBin, 'worker', '--redis', redis, '--queue', queue, '--name', name, '--concurrency', String(workerSlots), '--health-interval', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  }),
);
try {
  await Promise.all(workers.map(waitReady));
  const fanOut = (items) => `settings:
  parallel:
    strategy: remote
    remote:
      redis: ${redis}
      queue: ${queue}
nodes:
  - name: fan
    type: dynamic_parallel
    items: "{{ range(${items}) | list }}"
    max_concurrency: ${concurrency}
    fan_in: done
    steps:
      - run: |
          // js
          return { v: state.item };
  - name: done
    run: |
      // js
      return { n: state.parallel_results.length };
`;
  const trivial = writeWorkflow('remote-200.yaml', fanOut(count));
  const empty = writeWorkflow('remote-0.yaml', fanOut(0));
  const base = medianRun([empty, '-q'], {}, runs);
  const processMs = medianRun([trivial, '-q'], { env: { TEA_PARALLEL_STRATEGY: 'process' } }, runs);
  const remoteMs = medianRun([trivial, '-q'], {}, runs);
  console.log(`${count} trivial JavaScript branches, max_concurrency ${concurrency}; the queue has 2 workers × ${workerSlots} slots on this machine.`);
  console.log(`Whole run of an empty fan-out (start-up floor): ${fixed(base)} ms\n`);
  printTable(
    ['strategy', `${count} trivial: ms`, 'ms/branch', 'vs process'],
    [
      ['process (local children)', fixed(processMs), fixed((processMs - base) / count, 2), '1.00'],
      ['remote (BullMQ, 2 workers)', fixed(remoteMs), fixed((remoteMs - base) / count, 2), fixed((remoteMs - base) / (processMs - base), 2)],
    ],
  );
} finally {
  for (const worker of workers) worker.kill('SIGTERM');
  await Promise.all(workers.map((worker) => new Promise((resolve) => (worker.exitCode !== null ? resolve() : worker.on('exit', resolve)))));
  execFileSync('redis-cli', ['-u', redis, 'eval', "for _,k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end", '0', `*${queue}*`]);
  if (!wasRunning) execFileSync('bash', [redisScript, 'stop', port]);
}

function waitReady(worker) {
  return new Promise((resolve, reject) => {
    let log = '';
    worker.stderr.setEncoding('utf8').on('data', (chunk) => {
      log += chunk;
      if (log.includes('ready: queue')) resolve();
    });
    worker.on('exit', (code) => reject(new Error(`tea worker exited (${code}):\n${log}`)));
  });
}

function spawnQuiet(command, args) {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
