import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunContext } from '../../../engine/run-context.js';
import type { TermStep } from '../../../process/kill-sequence.js';
import type { BranchOutcome, BranchSpec } from '../../branch.js';
import { outcomeOfChild, superviseChild, type ChildEnd } from '../branch-process.js';
import { childArguments } from '../child-command.js';
import { stopReason, type RunningBranch } from '../runner.js';
import { makeBundle, type Bundle } from './bundle.js';
import type { SshConfig } from './config.js';
import type { ClosableRunner } from './runner-close.js';
import { HostSlots } from './ssh-hosts.js';
import { exportLines, parallelArguments, remoteCommand, remoteReapCommand, sshCommand } from './ssh-command.js';
import { stringifyJsonKeepingFloats } from '../../../util/python-floats.js';

/**
 * GNU parallel's double TERM: the first stops new jobs, the second kills running ones (the
 * ssh dies and the remote wrapper HUPs the job's group); SIGKILL if parallel hangs.
 */
const parallelTermSequence: TermStep[] = [
  { signal: 'SIGTERM', waitMs: 200 },
  { signal: 'SIGTERM', waitMs: 3000 },
  { signal: 'SIGKILL', waitMs: 5000 },
];

/**
 * TEA's `remote` strategy over SSH: each branch is one GNU parallel job on a host
 * (`--sshlogin`), with its state, environment file and the workflow files transferred in
 * one rsync and the same child command as the process strategy. Cancelling kills parallel's
 * group, then waits until nothing runs in the job's folder on the host.
 */
export function makeSshRunner(context: RunContext, config: SshConfig): ClosableRunner {
  if (config.hosts.length === 0) throw new Error('At least one host must be specified for remote execution');
  const stage = mkdtempSync(path.join(os.tmpdir(), 'tea-ssh-'));
  const runId = path.basename(stage).replace(/^tea-ssh-/, '');
  const slots = new HostSlots(config.hosts);
  const includeEnv = envNames(config);
  const parallelEnv = { ...process.env, PARALLEL_SSH: sshCommand(config, config.envVars.mode === 'ssh_env' ? includeEnv : []) };
  let bundle: Bundle | undefined;
  let sequence = 0;

  function prepareJob(spec: BranchSpec): { jobDir: string; teaArgs: string[] } {
    bundle ??= makeBundle(context.workflow, spec.body.kind === 'subgraph' ? [spec.body.file] : []);
    const jobDir = `tea-${runId}-${spec.ref.index}-${++sequence}`;
    const local = path.join(stage, jobDir);
    for (const file of bundle.files) {
      mkdirSync(path.dirname(path.join(local, 'bundle', file.path)), { recursive: true });
      writeFileSync(path.join(local, 'bundle', file.path), file.text);
    }
    writeFileSync(path.join(local, 'in.json'), stringifyJsonKeepingFloats(spec.state));
    if (config.basefile) copyFileSync(config.basefile, path.join(local, path.basename(config.basefile)));
    if (config.envVars.mode === 'export_file' && includeEnv.length > 0) {
      writeFileSync(path.join(local, 'env.sh'), exportLines(includeEnv, process.env), { mode: 0o600 });
      chmodSync(path.join(local, 'env.sh'), 0o600);
    }
    // Absolute paths on the host put the job folder in every branch process's command line.
    const remoteRoot = path.posix.join(config.workdir, jobDir, 'bundle');
    const main = path.posix.join(remoteRoot, path.relative(bundle.root, context.workflow.absoluteFile));
    const body = spec.body.kind === 'subgraph' ? { ...spec.body, file: path.posix.join(remoteRoot, path.relative(bundle.root, spec.body.file)) } : spec.body;
    return { jobDir, teaArgs: childArguments({ ...spec, body }, main, { watchFd: false }) };
  }

  async function runBranch(spec: BranchSpec, signal: AbortSignal): Promise<BranchOutcome> {
    const started = performance.now();
    const login = await slots.take(signal);
    if (login === undefined) return stopped(signal, started);
    try {
      const { jobDir, teaArgs } = prepareJob(spec);
      const joblog = path.join(stage, `${jobDir}.joblog`);
      const command = remoteCommand({ teaCommand: config.teaCommand, teaArgs, cleanup: config.cleanup, envFile: config.envVars.mode === 'export_file' && includeEnv.length > 0 });
      const child = spawn('parallel', parallelArguments({ login, workdir: config.workdir, jobDir, joblog, remoteCommand: command }), {
        cwd: stage,
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
        env: parallelEnv,
      });
      const end = await superviseChild(child, { ref: spec.ref, state: {}, emit: context.emit, signal, termSequence: parallelTermSequence, events: 'stderr' });
      if (signal.aborted) await reap(login, path.posix.join(config.workdir, jobDir));
      rmSync(path.join(stage, jobDir), { recursive: true, force: true });
      const outcome = outcomeOfChild(withJoblog(end, joblog, login), signal);
      return { ...outcome, durationMs: performance.now() - started };
    } finally {
      slots.release(login);
    }
  }

  /** Waits until nothing of the job runs on the host any more, and removes its folder. */
  function reap(login: string, jobPath: string): Promise<void> {
    const ssh = parallelEnv.PARALLEL_SSH.split(' ').filter(Boolean);
    return new Promise((resolve) => {
      const child = spawn(ssh[0]!, [...ssh.slice(1).map(unquote), login, remoteReapCommand(jobPath)], { stdio: 'ignore' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
      child.on('error', () => resolve());
    });
  }

  return {
    name: 'remote',
    start(spec: BranchSpec, signal: AbortSignal): RunningBranch {
      const result = runBranch(spec, signal).catch(
        (error: unknown): BranchOutcome => ({ status: 'failed', error: `Remote branch over SSH failed: ${(error as Error)?.message ?? String(error)}`, durationMs: 0, attempts: 1 }),
      );
      return { result };
    },
    async close() {
      rmSync(stage, { recursive: true, force: true });
    },
  };
}

/** The remote exit code and signal from GNU parallel's joblog (parallel's own code counts failed jobs). */
function withJoblog(end: ChildEnd, joblog: string, login: string): ChildEnd {
  let row: string[] | undefined;
  try {
    row = readFileSync(joblog, 'utf8').trim().split('\n')[1]?.split('\t');
  } catch {
    row = undefined;
  }
  if (!row || row.length < 8) return end;
  const exitCode = Number(row[6]);
  const signalNumber = Number(row[7]);
  const signal = signalNumber > 0 ? (signalName(signalNumber) ?? null) : null;
  if (exitCode === 255 && !end.report.error) {
    return { ...end, exitCode, signal, report: { error: { message: `ssh to ${login} failed: ${lastLine(end.stderrTail) ?? 'exit 255'}` } } };
  }
  return { ...end, exitCode, signal };
}

function signalName(number: number): NodeJS.Signals | undefined {
  return (Object.entries(os.constants.signals).find(([, value]) => value === number)?.[0] as NodeJS.Signals | undefined) ?? undefined;
}

function lastLine(text: string): string | undefined {
  return text.split('\n').filter((line) => line.trim()).at(-1);
}

/** Variables a branch gets on the host: TEA's `env_vars.include`, minus `exclude_patterns` (globs). */
function envNames(config: SshConfig): string[] {
  if (config.envVars.mode === 'none') return [];
  const excluded = config.envVars.excludePatterns.map((glob) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`));
  return config.envVars.include.filter((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !excluded.some((pattern) => pattern.test(name)));
}

function stopped(signal: AbortSignal, started: number): BranchOutcome {
  const reason = stopReason(signal);
  return { status: reason.kind, error: reason.message, timedOut: reason.kind === 'timeout', durationMs: performance.now() - started, attempts: 1 };
}

function unquote(word: string): string {
  return word.startsWith("'") && word.endsWith("'") ? word.slice(1, -1).replace(/'\\''/g, "'") : word;
}
