import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot, teaBin } from '../helpers/run-cli.js';

const services = path.join(repoRoot, 'scripts/services');

/**
 * The real servers the remote tests use, started by the project's own scripts (which
 * install them when missing). Port 6399: a Redis the OS may run on 6379 is left alone.
 */
export function startRedis(port = 6399): { url: string; startedHere: boolean } {
  const startedHere = !succeeds('redis.sh', 'status', String(port));
  const url = execFileSync('bash', [path.join(services, 'redis.sh'), 'start', String(port)], { encoding: 'utf8', timeout: 300_000 }).trim().split('\n').at(-1)!;
  return { url, startedHere };
}

function succeeds(script: string, ...args: string[]): boolean {
  try {
    execFileSync('bash', [path.join(services, script), ...args], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

/** Stops and starts Redis again; its data comes back from the AOF. */
export function restartRedis(port = 6399): void {
  execFileSync('bash', [path.join(services, 'redis.sh'), 'restart', String(port)], { encoding: 'utf8', timeout: 60_000 });
}

export function stopRedis(port = 6399): void {
  execFileSync('bash', [path.join(services, 'redis.sh'), 'stop', String(port)], { encoding: 'utf8', timeout: 60_000 });
}

/** sshd on 127.0.0.1 and 127.0.0.2, reached as tea-a and tea-b through its own ssh_config. */
export function startSshd(): { config: string; hosts: string[]; startedHere: boolean } {
  const startedHere = !succeeds('sshd.sh', 'status');
  const output = execFileSync('bash', [path.join(services, 'sshd.sh'), 'start'], { encoding: 'utf8', timeout: 300_000 });
  const value = (name: string) => /^(\w+)=(.*)$/m.exec(output.split('\n').find((line) => line.startsWith(`${name}=`)) ?? '')?.[2] ?? '';
  return { config: value('TEA_TEST_SSH_CONFIG'), hosts: value('TEA_TEST_SSH_HOSTS').split(','), startedHere };
}

export function stopSshd(): void {
  execFileSync('bash', [path.join(services, 'sshd.sh'), 'stop'], { encoding: 'utf8', timeout: 60_000 });
}

export interface TeaWorker {
  name: string;
  child: ChildProcess;
  log(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when the worker logged a line matching `pattern`. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

/** A `tea worker` process standing in for one machine. */
export function startWorker(name: string, options: { redis: string; queue: string; concurrency?: number; env?: Record<string, string>; args?: string[] }): TeaWorker {
  const args = [teaBin, 'worker', '--redis', options.redis, '--queue', options.queue, '--name', name, '--concurrency', String(options.concurrency ?? 2), ...(options.args ?? [])];
  const child = spawn(process.execPath, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const listeners = new Set<() => void>();
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    log += chunk;
    for (const listener of listeners) listener();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const waitForLog = (pattern: RegExp, timeoutMs = 20_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(log)) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`worker ${name} did not log ${pattern} in ${timeoutMs} ms; its log:\n${log}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  return { name, child, log: () => log, exited, waitForLog };
}
