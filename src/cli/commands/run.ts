import { writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { TeaError, isTeaError } from '../../errors.js';
import { parseTermSequence } from '../../process/kill-sequence.js';
import { buildGraph } from '../../engine/graph.js';
import { runWorkflow, type RunResult } from '../../engine/run.js';
import type { RunOptions } from '../../engine/run-context.js';
import { checkScope } from '../../engine/scope.js';
import type { State } from '../../observe/events.js';
import { ExitCode, ExitRequest } from '../exit-codes.js';
import { matchFailCondition, parseFailConditions, type FailCondition } from '../fail-on-state.js';
import { parseInputOption, parseSecrets } from '../input.js';
import { promptAtInterrupt } from '../interrupt-prompt.js';
import { loadForCli } from '../load-for-cli.js';
import { locateError } from '../locate.js';
import { Printer } from '../printer.js';
import { rule, stateJson } from '../render/json-text.js';
import { selectRenderer, type LogOrder } from '../render/select-renderer.js';
import { exitCodeForSignal, type RunControl } from '../run-control.js';
import { fanOutRunner } from '../../parallel/fan-out-runner.js';
import { depthVariable } from '../../parallel/strategies/child-environment.js';
import { watchParent } from '../../process/parent-watch.js';
import { runBranch } from './run-branch.js';
import { deltaKey, diffState } from '../../parallel/branch-state.js';
import path from 'node:path';
import type { Journal } from '../../observe/journal.js';
import { loadResume, openJournal } from '../journal-options.js';
import { spreadKeepingFloats, stringifyJsonKeepingFloats } from '../../util/python-floats.js';
import { deepCopy } from '../../engine/state.js';

export interface RunCommandOptions {
  input?: string;
  /** TEA's deprecated `--state JSON` / `--state-file FILE`: `--input` with a warning. */
  state?: string;
  stateFile?: string;
  output?: string;
  quiet: boolean;
  verbose: boolean;
  stream: boolean;
  entryPoint?: string;
  exitPoint?: string;
  failOnState: string[];
  secrets?: string;
  secretsEnv?: string;
  interruptBefore?: string;
  interruptAfter?: string;
  autoContinue: boolean;
  checkpointDir?: string;
  heartbeat: boolean;
  /** `--strategy`: run every fan-out with this strategy. */
  strategy?: string;
  /** `--termseq TERM,2000,KILL,25`: how branches are stopped (GNU parallel's form). */
  termseq?: string;
  /** `--journal FILE`; `--no-journal` sets false. Default: `.tea/runs/<run-id>/journal.jsonl`. */
  journal?: string | boolean;
  /** `--resume <run-id|journal|last>`: rerun only the branches that did not succeed. */
  resume?: string;
  /** `--dry-run`: print the plan, run nothing. */
  dryRun?: boolean;
  /** `--log-order`: branch lines as they come, or grouped per branch (the default in CI). */
  logOrder?: LogOrder;
  /** `--results DIR`: per-branch stdout, stderr and result.json. */
  results?: string;
  /** `--trace-file FILE`: every event as a JSON line. */
  traceFile?: string;
  /** `--debug-state DIR`: the state after each node as a JSON file (TEA's). */
  debugState?: string;
  logLevel?: string;
  logFile?: string;
  /** Internal (process strategy): run one item of this dynamic_parallel node. */
  branch?: string;
  /** Internal: report events to the parent as NDJSON on this fd. */
  eventsFd?: string;
  /** Internal: this fd closing means the parent is gone. */
  watchFd?: string;
  /** Internal: print only what changed against the input state (the parent rebuilds the rest). */
  returnDelta?: boolean;
  /** Internal: the parent's parsed, validated workflow as JSON; no YAML parsing here. */
  parsedWorkflow?: string;
  /** Set by `tea resume`: start from this checkpoint (its path as typed) instead of the entry. */
  resumeFrom?: { node: string; state: State; skipNode: boolean; checkpoint: string };
}

/** `tea run`: TEA's order of checks (core.md §4.1), the run, and its rendering. */
export async function runCommand(file: string | undefined, options: RunCommandOptions, control: RunControl): Promise<number> {
  const stopWatching = watchParent(
    { fd: options.watchFd === undefined ? undefined : Number(options.watchFd), pollPpid: options.watchFd === undefined && nestedInBranch() },
    () => control.kill.abort(new Error('parent gone')),
  );
  try {
    return await runWithOptions(file, options, control);
  } finally {
    stopWatching();
  }
}

async function runWithOptions(file: string | undefined, options: RunCommandOptions, control: RunControl): Promise<number> {
  const signal = control.kill.signal;
  const printer = new Printer(options.output === '-');
  const conditions = orExit(printer, () => parseFailConditions(options.failOnState));
  if (options.stream && options.output === '-') {
    printer.error('Error: --stream and --output - are mutually exclusive (both write to stdout)\n');
    return ExitCode.failed;
  }
  if (file !== undefined && !existsSync(file)) {
    printer.error(`Error: Workflow file not found: ${file}\n`);
    return ExitCode.failed;
  }
  if (options.termseq !== undefined) {
    const termseq = options.termseq;
    orExit(printer, () => parseTermSequenceOption(termseq));
    process.env.TEA_TERMSEQ = termseq; // read by every fan-out, here and in branch children
  }
  applyDeprecatedStateOptions(printer, options);
  const input = orExit(printer, () => parseInputOption(options.input));
  const secrets = orExit(printer, () => parseSecrets(options.secrets, options.secretsEnv));
  const workflow = await loadForCli(file, printer, options.verbose, options.parsedWorkflow);
  let state: State = options.resumeFrom?.state ?? spreadKeepingFloats<State>(workflow.initialState ?? {}, input);
  let reuse: RunOptions['reuse'];
  if (options.resume !== undefined) {
    if (options.input !== undefined) return usageError(printer, '--resume reruns the earlier run with its own input; drop --input');
    const loaded = orExit(printer, () => loadResume(options.resume!, workflow));
    reuse = loaded.index;
    state = loaded.input;
  }
  // Loaded only when asked for: a branch child never plans.
  if (options.dryRun) return (await import('./dry-run.js')).dryRunCommand(printer, workflow, buildGraph(workflow), state, { secrets, strategy: options.strategy });
  // Branch children report to their parent instead; the parent journals for them.
  const journal = options.eventsFd === undefined && options.journal !== false ? openJournal(workflow, state, typeof options.journal === 'string' ? options.journal : undefined) : undefined;
  const graph = buildGraph(workflow);
  const scoped = options.entryPoint !== undefined || options.exitPoint !== undefined;
  if (scoped) {
    if (options.entryPoint && options.input === undefined) {
      printer.error('Warning: --entry-point without --input means starting with empty state\n');
    }
  }
  const render = orExit(printer, () => selectRenderer(printer, {
    file: workflow.file,
    quiet: options.quiet,
    verbose: options.verbose,
    heartbeat: options.heartbeat,
    scoped,
    resumedFrom: options.resumeFrom?.checkpoint,
    ...traceSettings(workflow.settings, options.traceFile),
    locate: (event) => locateError(workflow, event),
    stream: options.stream,
    output: options.output,
    eventsFd: options.eventsFd,
    logOrder: options.logOrder,
    results: options.results,
    debugState: options.debugState,
    logLevel: options.logLevel,
    logFile: options.logFile,
  })).emit;
  if (scoped) {
    try {
      checkScope(graph, options.entryPoint, options.exitPoint);
    } catch (error) {
      if (!isTeaError(error)) throw error;
      // TEA checks the scope inside the scoped run: its banner comes first.
      if (!options.stream) render({ type: 'run_start', workflow: workflow.file, entryPoint: options.entryPoint, exitPoint: options.exitPoint, state });
      printer.error(`Error: ${error.message}\n`);
      return ExitCode.failed;
    }
  }
  const runOptions: RunOptions = {
    entryPoint: options.entryPoint,
    exitPoint: options.exitPoint,
    signal,
    secrets,
    interruptBefore: splitList(options.interruptBefore),
    interruptAfter: splitList(options.interruptAfter),
    checkpointDir: options.checkpointDir,
    fanOut: fanOutRunner,
    drain: control.drain.signal,
    strategy: options.strategy,
    reuse,
  };
  // A branch child keeps its input pristine to tell its parent only what changed.
  const initialForDelta = options.returnDelta ? deepCopy(state) : undefined;
  if (options.branch !== undefined) {
    const outcome = await runBranch(workflow, options.branch, state, runOptions, render);
    if (outcome.state === undefined) return signal.aborted || control.drain.signal.aborted ? stoppedBySignal(printer, control) : ExitCode.failed;
    return finish(printer, outcome.state, options, conditions, true, initialForDelta);
  }

  let resume: RunOptions['resume'] = options.resumeFrom && { node: options.resumeFrom.node, state: options.resumeFrom.state, skipNode: options.resumeFrom.skipNode };
  let firstRound = true;
  let failedBranches = 0;
  while (true) {
    const handle = runWorkflow(workflow, state, { ...runOptions, resume }, graph);
    for await (const event of handle) {
      control.observe(event);
      journal?.record(event);
      if (event.type === 'branch_finished' && event.status !== 'ok') failedBranches++;
      if (!firstRound && event.type === 'run_start') continue;
      render(event);
    }
    firstRound = false;
    const result = await handle.result;
    if (result.status !== 'interrupted') closeJournal(printer, journal, result.status, failedBranches, workflow.file, options.quiet);
    if (result.status === 'completed') return finish(printer, result.state, options, conditions, scoped, initialForDelta);
    if (result.status === 'failed') return ExitCode.failed;
    if (result.status === 'cancelled') return stoppedBySignal(printer, control);
    const next = await continueAfterInterrupt(printer, result, options);
    if (next === undefined) return ExitCode.failed;
    resume = { node: result.node!, state: next, skipNode: result.interruptedAfter === true };
  }
}


async function continueAfterInterrupt(printer: Printer, result: RunResult, options: RunCommandOptions): Promise<State | undefined> {
  if (options.autoContinue || options.stream) {
    if (!options.quiet && !options.stream) printer.human('   (auto-continuing...)\n');
    return result.state;
  }
  if (!process.stdin.isTTY) {
    printer.error('   (non-TTY detected, auto-continuing...)\n');
    return result.state;
  }
  return promptAtInterrupt(printer, result.checkpoint, result.state);
}

async function finish(
  printer: Printer,
  state: State,
  options: RunCommandOptions,
  conditions: FailCondition[],
  scoped: boolean,
  initial?: State,
): Promise<number> {
  if (options.output === '-' && initial !== undefined) {
    printer.data(`${stringifyJsonKeepingFloats({ [deltaKey]: diffState(initial, state) })}\n`);
  } else if (options.output === '-') {
    printer.data(`${stateJson(state)}\n`);
  } else if (options.output) {
    await writeFile(options.output, stateJson(state));
    if (!options.quiet && !options.stream) printer.human(`\nOutput written to: ${options.output}\n`);
  }
  if (!options.quiet && !options.stream) {
    printer.human(`\n${rule}\n${scoped ? '✓ Scoped execution completed' : '✓ Completed'}\n${rule}\n`);
    printer.human(`Final state: ${stateJson(state)}\n`);
  }
  const matched = matchFailCondition(state, conditions);
  if (matched) {
    printer.error(`Exit condition matched: ${matched.text}\n`);
    return ExitCode.failed;
  }
  return ExitCode.ok;
}

/** Ends the journal; when branches failed, says where it is and how to rerun just those. */
function closeJournal(printer: Printer, journal: Journal | undefined, status: string, failedBranches: number, file: string, quiet: boolean): void {
  if (!journal?.written) return;
  journal.close(status);
  if (quiet || (status === 'completed' && failedBranches === 0)) return;
  const runId = path.basename(path.dirname(journal.file));
  printer.error(`Journal: ${journal.file}\nTo rerun only the branches that did not succeed: tea run ${file} --resume ${runId}\n`);
}

function usageError(printer: Printer, message: string): number {
  printer.error(`Error: ${message}\n`);
  return ExitCode.usage;
}

function stoppedBySignal(printer: Printer, control: RunControl): number {
  const received = control.received;
  if (received === undefined) return ExitCode.sigterm; // our parent went away
  if (received === 'SIGINT') printer.error('\n\nExecution interrupted by user (Ctrl+C)\n');
  return exitCodeForSignal(received);
}

/**
 * `settings.auto_trace` with TEA's exporters: `console` (the default) prints `[TRACE]` lines,
 * `file` with `trace_file` writes the trace file instead. `--trace-file` overrides the path
 * and turns a console exporter into a file one, as in TEA.
 */
function traceSettings(settings: Record<string, unknown>, traceFileOption: string | undefined): { autoTrace: boolean; traceFile?: string } {
  const autoTrace = settings.auto_trace === true;
  const exporter = settings.trace_exporter ?? 'console';
  if (traceFileOption !== undefined) return { autoTrace: false, traceFile: traceFileOption };
  if (autoTrace && exporter === 'file' && typeof settings.trace_file === 'string') return { autoTrace: false, traceFile: settings.trace_file };
  return { autoTrace: autoTrace && exporter === 'console' };
}

/** TEA still takes `--state` and `--state-file` for `--input`, with these warnings; `--input` wins. */
function applyDeprecatedStateOptions(printer: Printer, options: RunCommandOptions): void {
  if (options.state !== undefined) {
    printer.error('Warning: --state is deprecated, use --input\n');
    options.input ??= options.state;
  }
  if (options.stateFile !== undefined) {
    printer.error('Warning: --state-file is deprecated, use --input @file.json\n');
    options.input ??= `@${options.stateFile}`;
  }
}

/** Runs a check; a TeaError becomes `Error: <message>` and exit 1, as TEA's CLI does. */
function orExit<T>(printer: Printer, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!isTeaError(error)) throw error;
    printer.error(`Error: ${error.message}\n`);
    throw new ExitRequest(ExitCode.failed);
  }
}

function parseTermSequenceOption(text: string): void {
  try {
    parseTermSequence(text);
  } catch (error) {
    throw new TeaError('BAD_INPUT', `Invalid --termseq: ${(error as Error).message}`);
  }
}

/** A `tea` started inside a branch (by the user's script) watches for its parent's death. */
function nestedInBranch(): boolean {
  return Number(process.env[depthVariable] ?? 0) > 0;
}

function splitList(value: string | undefined): string[] | undefined {
  return value?.split(',').map((name) => name.trim()).filter(Boolean);
}
