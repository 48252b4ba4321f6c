import { readFileSync } from 'node:fs';
import os from 'node:os';
import { Command, Option } from 'commander';
import { registerCleanup } from '../../process/cleanup.js';
import { parseTermSequence } from '../../process/kill-sequence.js';
import { defaultQueue, redactUrl, remoteEnv } from '../../parallel/strategies/remote/config.js';
import { ExitCode } from '../exit-codes.js';
import type { RunControl } from '../run-control.js';
import { version } from '../version.js';

export interface WorkerCommandOptions {
  redis?: string;
  queue?: string;
  concurrency: string;
  name?: string;
  redisPasswordFile?: string;
  shutdownGrace: string;
  healthInterval: string;
  lockDuration: string;
  stalledInterval: string;
  termseq?: string;
  cacheDir?: string;
}

/** `tea worker`: registered beside `run`, whose `--redis/--queue/--hosts` it also adds. */
export function registerWorkerCommand(program: Command, control: RunControl, setExit: (code: number) => void): void {
  program
    .command('worker')
    .description('Run branches of `strategy: remote` fan-outs from a BullMQ queue on Redis')
    .option('--redis <url>', `Redis URL (env ${remoteEnv.redis}; password from ${remoteEnv.password} or --redis-password-file)`)
    .option('--queue <name>', `queue name (env ${remoteEnv.queue})`)
    .option('--concurrency <n>', 'branches run at once on this machine', String(os.availableParallelism()))
    .option('--name <name>', 'this worker\'s name in logs and jobs (default: host-pid)')
    .option('--redis-password-file <file>', 'read the Redis password from this file')
    .option('--shutdown-grace <seconds>', 'on SIGTERM, let running branches finish this long, then hand them back', '30')
    .option('--health-interval <seconds>', 'log a health line this often (0: never)', '30')
    .addOption(new Option('--lock-duration <ms>', 'a worker silent this long is presumed dead').default('30000').hideHelp())
    .addOption(new Option('--stalled-interval <ms>', 'how often to look for branches whose worker died').default('15000').hideHelp())
    .addOption(new Option('--termseq <seq>', 'kill sequence for a cancelled branch, GNU parallel style (TERM,2000,KILL,5000)').hideHelp())
    .option('--cache-dir <dir>', 'where shipped workflows are kept (env TEA_WORKER_CACHE)')
    .action(async (options: WorkerCommandOptions) => setExit(await workerCommand(options, control)));
  const run = program.commands.find((command) => command.name() === 'run');
  if (run) addRemoteRunOptions(run);
}

/**
 * `tea run --redis URL --queue NAME --hosts a,b`: override `settings.parallel.remote` for this
 * run. They travel as environment variables, so nested `tea`s see the same settings.
 */
function addRemoteRunOptions(run: Command): void {
  run
    .option('--redis <url>', `remote strategy: Redis URL of the BullMQ backend (env ${remoteEnv.redis})`)
    .option('--queue <name>', `remote strategy: BullMQ queue name (env ${remoteEnv.queue})`)
    .option('--hosts <list>', `remote strategy: comma-separated SSH hosts, N/host for N slots (env ${remoteEnv.hosts})`)
    .hook('preAction', (_command, action) => {
      const { redis, queue, hosts } = action.opts<{ redis?: string; queue?: string; hosts?: string }>();
      if (redis) Object.assign(process.env, { [remoteEnv.redis]: redis, [remoteEnv.backend]: 'bullmq' });
      if (hosts) Object.assign(process.env, { [remoteEnv.hosts]: hosts, [remoteEnv.backend]: 'ssh' });
      if (queue) process.env[remoteEnv.queue] = queue;
    });
}

async function workerCommand(options: WorkerCommandOptions, control: RunControl): Promise<number> {
  const name = options.name ?? `${os.hostname()}-${process.pid}`;
  const log = (line: string) => process.stderr.write(`${new Date().toISOString()} tea worker ${name}: ${line}\n`);
  const url = options.redis ?? process.env[remoteEnv.redis] ?? 'redis://127.0.0.1:6379/0';
  let settings;
  try {
    settings = {
      url,
      password: readPassword(options.redisPasswordFile),
      queue: options.queue ?? process.env[remoteEnv.queue] ?? defaultQueue,
      concurrency: positive('--concurrency', options.concurrency),
      name,
      lockDurationMs: positive('--lock-duration', options.lockDuration),
      stalledIntervalMs: positive('--stalled-interval', options.stalledInterval),
      healthIntervalMs: Number(options.healthInterval) * 1000,
      termSequence: options.termseq ? parseTermSequence(options.termseq) : undefined,
      cacheDir: options.cacheDir,
      log,
    };
  } catch (error) {
    process.stderr.write(`Error: ${(error as Error).message}\n`);
    return ExitCode.usage;
  }
  const { BranchWorker } = await import('../../parallel/strategies/remote/branch-worker.js');
  log(`tea ${version} starting: queue '${settings.queue}' on ${redactUrl(url)}`);
  const stopped = new Promise<void>((resolve) => control.kill.signal.addEventListener('abort', () => resolve(), { once: true }));
  let worker;
  try {
    // Stopped while still waiting for Redis: nothing runs yet, so just leave.
    worker = await Promise.race([BranchWorker.start(settings), stopped.then(() => undefined)]);
  } catch (error) {
    log(`cannot start: ${(error as Error).message}`);
    return ExitCode.failed;
  }
  if (!worker) {
    log('stopped before Redis answered');
    return ExitCode.ok;
  }
  const graceMs = Number(options.shutdownGrace) * 1000;
  // A second SIGTERM/Ctrl-C ends the process through the cleanups: hand back at once.
  const started = worker;
  const unregister = registerCleanup(async () => {
    started.handBackNow();
    await Promise.race([started.shutdown(0), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  });
  await stopped;
  await worker.shutdown(graceMs);
  unregister();
  return ExitCode.ok;
}

function readPassword(file: string | undefined): string | undefined {
  if (process.env[remoteEnv.password]) return process.env[remoteEnv.password];
  if (!file) return undefined;
  return readFileSync(file, 'utf8').trim();
}

function positive(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`Expected \`${name}\` to be a positive integer, got \`${value}\``);
  return number;
}
