import path from 'node:path';
import { expandEnvVars } from '../../actions/llm/env-expand.js';
import { detectCi } from '../../observe/ci.js';
import { shouldColor } from '../../observe/color.js';
import type { TeaEvent } from '../../observe/events.js';
import { makeLogSink } from '../../observe/log-sink.js';
import { makeLogger, normalizeLogLevel, type LogLevel } from '../../observe/logger.js';
import { makeDebugStateSink } from '../../observe/debug-state.js';
import { makeResultsSink } from '../../observe/results-dir.js';
import { composeSinks, type EventSink } from '../../observe/sink.js';
import { makeTraceFileSink } from '../../observe/trace-file.js';
import { registerCleanup } from '../../process/cleanup.js';
import { makeParentSink } from '../parent-sink.js';
import type { Printer } from '../printer.js';
import { makeStreamedBranchOutput } from './branch-output.js';
import { groupMarkers } from './group-markers.js';
import { makeHeartbeatSink } from './heartbeat.js';
import { makeGroupedOutput } from './grouped-output.js';
import { makeHumanRenderer, type HumanRenderOptions } from './human.js';
import { LivePrinter } from './live-printer.js';
import { makeNdjsonRenderer } from './ndjson.js';
import { ProgressLine } from './progress-line.js';
import { makeSummarySink } from './summary-table.js';

export type LogOrder = 'stream' | 'grouped';

/** What `tea run` was asked for that decides how a run is shown. */
export interface RenderSelection extends HumanRenderOptions {
  stream: boolean;
  /** `--heartbeat` (not in scoped runs, as in TEA). */
  heartbeat: boolean;
  /** `--output`: `-` gives stdout to the final JSON and moves human output to stderr. */
  output?: string;
  /** Branch child: report to the parent on this fd, show nothing. */
  eventsFd?: string;
  logOrder?: LogOrder;
  results?: string;
  traceFile?: string;
  /** `--debug-state DIR` (not in scoped runs, as in TEA). */
  debugState?: string;
  logLevel?: string;
  logFile?: string;
}

/** The facts about where output goes, injectable so tests can play a terminal or a CI. */
export interface OutputFacts {
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  columns(): number;
  env: NodeJS.ProcessEnv;
  writeStderr(text: string): void;
}

export interface Renderer {
  /** What run.ts hands every event to. */
  emit(event: TeaEvent): void;
  /** Flushes, erases the progress line, closes files; idempotent, and also run at exit. */
  finish(): void;
}

export function processOutputFacts(printer: Printer): OutputFacts {
  return {
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    columns: () => process.stderr.columns || 80, // 0 under some ptys (script(1)) means unknown
    env: process.env,
    writeStderr: (text) => printer.error(text),
  };
}

/**
 * The composition root of the views of a run (convention 12). One event stream, many
 * sinks; which ones depends on the mode:
 *   branch child  → the parent's events fd (+ logs)
 *   --stream      → NDJSON on stdout (+ logs, --results, --trace-file)
 *   human         → branch lines (streamed, or grouped in CI) → TEA's output → fan-out
 *                   summaries → progress line (+ logs, --results, --trace-file)
 * The order matters where two sinks print for one event: at `branch_finished` the branch's
 * last lines (or its CI section) come before TEA's `✗ Branch` line; at `fanin` the summary
 * comes after every branch's lines.
 */
export function selectRenderer(printer: Printer, selection: RenderSelection, facts: OutputFacts = processOutputFacts(printer)): Renderer {
  const sinks: EventSink[] = [];
  const child = selection.eventsFd !== undefined;
  sinks.push(makeLogSink(makeLogger({ level: resolveLogLevel(selection, facts), file: resolveLogFile(selection, facts.env) }), { relayedByParent: child }));
  if (child) {
    const toParent = makeParentSink(Number(selection.eventsFd));
    sinks.push({ handle: toParent });
    return finishOnce(composeSinks(sinks));
  }
  if (selection.results !== undefined) sinks.push(makeResultsSink(selection.results));
  if (selection.traceFile !== undefined) sinks.push(makeTraceFileSink(expandEnvVars(selection.traceFile, facts.env), selection.file));
  if (selection.debugState !== undefined && !selection.scoped) sinks.push(makeDebugStateSink(selection.debugState, (text) => printer.error(text)));
  if (selection.stream) {
    sinks.push(makeNdjsonRenderer(printer, selection.file, selection.resumedFrom));
    if (wantsHeartbeat(selection)) sinks.push(makeHeartbeatSink(printer));
    return finishOnce(composeSinks(sinks));
  }
  sinks.push(...humanSinks(printer, selection, facts));
  return finishOnce(composeSinks(sinks));
}

function humanSinks(basePrinter: Printer, selection: RenderSelection, facts: OutputFacts): EventSink[] {
  const humanToStderr = selection.output === '-';
  const colorHuman = shouldColor(humanToStderr ? facts.stderrIsTTY : facts.stdoutIsTTY, facts.env);
  const colorError = shouldColor(facts.stderrIsTTY, facts.env);
  const progress =
    facts.stderrIsTTY && !selection.quiet
      ? new ProgressLine({ write: facts.writeStderr, columns: facts.columns }, { color: colorError })
      : undefined;
  const printer = progress ? new LivePrinter(basePrinter, humanToStderr, progress, { stdout: facts.stdoutIsTTY, stderr: facts.stderrIsTTY }) : basePrinter;
  const ci = detectCi(facts.env);
  const order = selection.logOrder ?? (ci ? 'grouped' : 'stream');
  const branchLines =
    order === 'grouped'
      ? makeGroupedOutput({ printer, colorHuman, colorError, markers: selection.quiet ? undefined : groupMarkers(ci) })
      : makeStreamedBranchOutput({ printer, colorHuman, colorError });
  // At a branch's end: its last lines, then its heartbeat, then TEA's `✗ Branch` line.
  const sinks: EventSink[] = [branchLines];
  if (wantsHeartbeat(selection)) sinks.push(makeHeartbeatSink(printer));
  sinks.push({ handle: makeHumanRenderer(printer, selection) });
  if (!selection.quiet) sinks.push(makeSummarySink(printer, { color: colorError }));
  if (progress) sinks.push(progress);
  return sinks;
}

function wantsHeartbeat(selection: RenderSelection): boolean {
  return selection.heartbeat && !selection.scoped;
}

/**
 * `--log-level`, else `TEA_LOG_LEVEL`, else `warn`, also under `-q` (core.md §4.1: TEA's
 * WARNING/ERROR logs still appear with `-q`). A level given on the command line is passed
 * on to branch children through the environment.
 */
function resolveLogLevel(selection: RenderSelection, facts: OutputFacts): LogLevel {
  if (selection.logLevel !== undefined) {
    const level = normalizeLogLevel(selection.logLevel, '--log-level');
    facts.env.TEA_LOG_LEVEL = level;
    return level;
  }
  const fromEnv = facts.env.TEA_LOG_LEVEL;
  if (fromEnv !== undefined && fromEnv !== '') {
    try {
      return normalizeLogLevel(fromEnv, 'TEA_LOG_LEVEL');
    } catch (error) {
      facts.writeStderr(`Warning: ${(error as Error).message}; using the default\n`);
    }
  }
  return 'warn';
}

/** `--log-file`, else `TEA_LOG_FILE`; children inherit it, so one file holds the whole tree (pid on each line). */
function resolveLogFile(selection: RenderSelection, env: NodeJS.ProcessEnv): string | undefined {
  if (selection.logFile !== undefined) env.TEA_LOG_FILE = path.resolve(selection.logFile);
  const file = env.TEA_LOG_FILE;
  return file === undefined || file === '' ? undefined : file;
}

function finishOnce(sink: Required<EventSink>): Renderer {
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    unregister();
    sink.finish();
  };
  // Whatever way the run ends (a return, a signal, an exception), the views are closed.
  const unregister = registerCleanup(finish);
  return { emit: (event) => sink.handle(event), finish };
}
