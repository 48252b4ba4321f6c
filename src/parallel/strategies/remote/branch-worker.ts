import type { Worker } from 'bullmq';
import { defaultTermSequence, type TermStep } from '../../../process/kill-sequence.js';
import { signalGroup } from '../../../process/process-group.js';
import { BranchStop } from '../runner.js';
import { closeRedis, connectRedis, loadBullmq, type RedisClient } from './connection.js';
import { redactUrl } from './config.js';
import { queuePrefix, remoteKeys, type BranchJobData, type BranchJobResult, type ControlMessage } from './protocol.js';
import { defaultCacheDir } from './worker-bundle.js';
import { HandBack, LockLost, processBranchJob, type ActiveJob, type WorkerJobDeps } from './worker-job.js';

export interface BranchWorkerOptions {
  url: string;
  password?: string;
  queue: string;
  /** Branches this worker runs at once. @default 1 */
  concurrency: number;
  name: string;
  /** BullMQ lock: a worker silent this long is presumed dead. @default 30000 */
  lockDurationMs?: number;
  /** How often this worker looks for jobs whose worker died. @default 15000 */
  stalledIntervalMs?: number;
  /** How often running branches are checked for cancel marks and a live supervisor. @default 2000 */
  checkIntervalMs?: number;
  /** How often the health line is logged; 0 for never. @default 30000 */
  healthIntervalMs?: number;
  termSequence?: TermStep[];
  cacheDir?: string;
  log(line: string): void;
}

/**
 * `tea worker`'s engine: a BullMQ Worker whose jobs are branches, plus the glue BullMQ
 * lacks across processes: cancel/interrupt messages on a pub/sub channel, a periodic check
 * of cancel marks and of the supervisor's lease (a supervisor killed with SIGKILL leaves no
 * orphans), and a health line.
 */
export class BranchWorker {
  readonly #options: BranchWorkerOptions;
  readonly #active = new Map<string, ActiveJob>();
  readonly #started = Date.now();
  #worker!: Worker<BranchJobData, BranchJobResult>;
  #client!: RedisClient;
  #subscriber!: RedisClient;
  #jobsConnection!: RedisClient;
  #timers: NodeJS.Timeout[] = [];
  #done = 0;
  #failed = 0;
  #stopping: Promise<void> | undefined;

  private constructor(options: BranchWorkerOptions) {
    this.#options = options;
  }

  static async start(options: BranchWorkerOptions): Promise<BranchWorker> {
    const worker = new BranchWorker(options);
    await worker.#start();
    return worker;
  }

  get activeCount(): number {
    return this.#active.size;
  }

  async #start(): Promise<void> {
    const options = this.#options;
    const bullmq = await loadBullmq();
    this.#client = await connectRedis(options, `tea-worker-${options.name}`);
    // A worker may start before its Redis (a boot order): say so, and keep waiting.
    const waiting = setTimeout(() => options.log(`waiting for Redis at ${redactUrl(options.url)}...`), 3000);
    await this.#client.ping();
    clearTimeout(waiting);
    const deps: WorkerJobDeps = {
      bullmq,
      client: this.#client,
      queue: options.queue,
      name: options.name,
      cacheDir: options.cacheDir ?? defaultCacheDir(),
      termSequence: options.termSequence ?? defaultTermSequence,
      active: this.#active,
      log: options.log,
    };
    this.#jobsConnection = await connectRedis(options, `tea-worker-jobs-${options.name}`);
    this.#worker = new bullmq.Worker<BranchJobData, BranchJobResult>(options.queue, (job, token) => processBranchJob(job, token, deps), {
      connection: this.#jobsConnection,
      prefix: queuePrefix,
      name: options.name,
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 15_000,
      // Restarts after a worker death are counted per job (`maxStarts`), not by BullMQ.
      maxStalledCount: 1000,
      // Retry saving a result soon after Redis comes back (BullMQ waits 15 s by default).
      runRetryDelay: 1000,
    });
    this.#worker.on('completed', () => this.#done++);
    this.#worker.on('failed', () => this.#failed++);
    this.#worker.on('lockRenewalFailed', (jobIds: string[]) => {
      for (const jobId of jobIds) this.#stop(jobId, new LockLost());
    });
    let lastError = '';
    this.#worker.on('error', (error: Error) => {
      if (error.message !== lastError) options.log(`redis: ${error.message}`);
      lastError = error.message;
    });
    await this.#listen();
    this.#every(options.checkIntervalMs ?? 2000, () => this.#checkActive());
    if ((options.healthIntervalMs ?? 30_000) > 0) this.#every(options.healthIntervalMs ?? 30_000, () => this.#health());
    await this.#worker.waitUntilReady();
    options.log(`ready: queue '${options.queue}' on ${redactUrl(options.url)}, concurrency ${options.concurrency}`);
  }

  /** Cancel and interrupt messages from supervisors, for the branches running here. */
  async #listen(): Promise<void> {
    const keys = remoteKeys(this.#options.queue);
    this.#subscriber = await connectRedis(this.#options, `tea-worker-control-${this.#options.name}`);
    await this.#subscriber.subscribe(keys.control);
    this.#subscriber.on('message', (_channel: string, text: string) => {
      let message: ControlMessage;
      try {
        message = JSON.parse(text) as ControlMessage;
      } catch {
        return;
      }
      for (const job of this.#active.values()) {
        const matches = message.jobId ? job.jobId === message.jobId : job.runId === message.runId;
        if (!matches) continue;
        if (message.action === 'interrupt') {
          this.#interrupt(job);
        } else {
          this.#stop(job.jobId, new BranchStop('cancelled', message.reason ?? 'Cancelled'));
        }
      }
    });
  }

  /** Pub/sub can miss a message (a reconnect): the marks and the lease are the truth. */
  async #checkActive(): Promise<void> {
    const jobs = [...this.#active.values()];
    if (jobs.length === 0) return;
    const keys = remoteKeys(this.#options.queue);
    const pipeline = this.#client.pipeline();
    for (const job of jobs) {
      pipeline.exists(keys.cancelJob(job.jobId)).exists(keys.cancelRun(job.runId)).exists(keys.lease(job.runId)).exists(keys.interruptJob(job.jobId));
    }
    const replies = await pipeline.exec().catch(() => null);
    if (!replies || replies.some(([error]) => error)) return;
    jobs.forEach((job, index) => {
      const [cancelled, runCancelled, lease, interrupted] = replies.slice(index * 4, index * 4 + 4).map(([, value]) => value);
      if (cancelled || runCancelled) this.#stop(job.jobId, new BranchStop('cancelled', 'Cancelled'));
      else if (!lease) this.#stop(job.jobId, new BranchStop('cancelled', 'The supervisor of this run is gone'));
      else if (interrupted) this.#interrupt(job);
    });
  }

  /** SIGINT to the branch's group, once: the child tea winds down as after a Ctrl-C. */
  #interrupt(job: ActiveJob): void {
    if (job.interrupted || job.pid === undefined) return;
    job.interrupted = true;
    this.#options.log(`interrupting ${job.ref.name} (job ${job.jobId})`);
    signalGroup(job.pid, 'SIGINT');
  }

  #stop(jobId: string, reason: BranchStop): void {
    const job = this.#active.get(jobId);
    if (job && !job.controller.signal.aborted) {
      this.#options.log(`stopping ${job.ref.name} (job ${jobId}): ${reason.message}`);
      job.controller.abort(reason);
    }
  }

  async #health(): Promise<void> {
    const redis = await Promise.race([this.#client.ping().then(() => 'ok'), new Promise<string>((resolve) => setTimeout(() => resolve('unreachable'), 2000).unref())]).catch(() => 'unreachable');
    const uptime = Math.round((Date.now() - this.#started) / 1000);
    this.#options.log(
      `health ${redis === 'ok' ? 'ok' : 'degraded'}: redis ${redis}, queue '${this.#options.queue}', running ${this.#active.size}/${this.#options.concurrency}, done ${this.#done}, failed ${this.#failed}, up ${uptime}s`,
    );
  }

  #every(ms: number, task: () => Promise<void>): void {
    const timer = setInterval(() => void task().catch(() => undefined), ms);
    timer.unref();
    this.#timers.push(timer);
  }

  /**
   * Graceful stop: take no new jobs, let running branches finish for up to `graceMs`, then
   * hand the rest back to the queue (their groups killed first) for another worker.
   */
  shutdown(graceMs: number): Promise<void> {
    this.#stopping ??= this.#shutdown(graceMs);
    return this.#stopping;
  }

  /** A second signal: hand back whatever still runs, now. */
  handBackNow(): void {
    for (const job of this.#active.values()) this.#stop(job.jobId, new HandBack());
  }

  /** Resolves once no branch runs here any more. */
  async #branchesGone(): Promise<void> {
    while (this.#active.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  async #shutdown(graceMs: number): Promise<void> {
    const log = this.#options.log;
    log(`stopping: no new jobs; ${this.#active.size} running branch(es) may finish within ${graceMs / 1000}s, then go back to the queue`);
    const closing = this.#worker.close();
    const timer = setTimeout(() => this.handBackNow(), graceMs);
    // Running branches end within the grace (then they are handed back); closing the
    // connections afterwards must not hang on a Redis that is down.
    await Promise.race([closing, this.#branchesGone().then(() => new Promise((resolve) => setTimeout(resolve, 5000)))]);
    clearTimeout(timer);
    for (const timer of this.#timers) clearInterval(timer);
    await Promise.allSettled([closeRedis(this.#subscriber), closeRedis(this.#client), closeRedis(this.#jobsConnection)]);
    log(`stopped: done ${this.#done}, failed ${this.#failed}`);
  }
}
