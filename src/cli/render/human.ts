import type { TeaEvent } from '../../observe/events.js';
import type { Printer } from '../printer.js';
import { rule, stateJson } from './json-text.js';
import { eventTime } from '../../observe/event-time.js';

export interface HumanRenderOptions {
  file: string;
  quiet: boolean;
  verbose: boolean;
  scoped: boolean;
  /** `tea resume`: the checkpoint the run goes on from; TEA prints no start banner then. */
  resumedFrom?: string;
  /** `settings.auto_trace`: a `[TRACE]` line per node on stdout, even with `-q` (TEA's console exporter). */
  autoTrace: boolean;
  /** Where an error happened, for a person: `  in wf.yaml:12, node 'b'`. */
  locate(event: Extract<TeaEvent, { type: 'error' }>): string | undefined;
}

/**
 * TEA's human output, byte for byte where TEA defines it (core.md §4.2, §4.4), plus the
 * location line and `--verbose` detail that TEA lacks. Returns a sink for events. Branch
 * lines, heartbeats, logs, progress and summaries are other views (select-renderer.ts).
 */
export function makeHumanRenderer(printer: Printer, options: HumanRenderOptions) {
  const nodeStarted = new Map<string, number>();
  const trace = (node: string, ok: boolean, durationMs: number) => {
    if (options.autoTrace) printer.human(`[TRACE] ${ok ? '✓' : '✗'} ${node} (${durationMs.toFixed(2)}ms) - ${ok ? 'ok' : 'error'}\n`);
  };
  return (event: TeaEvent): void => {
    switch (event.type) {
      case 'run_start':
        return renderStart(printer, options, event);
      case 'output':
        // A branch's lines are the branch-output view's (prefixed, streamed or grouped).
        if (event.branch) return;
        return event.stream === 'stdout' ? printer.human(event.text) : printer.error(event.text);
      case 'node_start':
        nodeStarted.set(event.node, eventTime(event));
        return;
      case 'node_end':
        trace(event.node, true, event.durationMs);
        if (!options.quiet && !options.scoped) printer.human(`✓ ${event.node}\n`);
        return;
      case 'branch_finished':
        // D13: a failed branch is never silent, even when the node goes on.
        if (!options.quiet && (event.status === 'failed' || event.status === 'timeout')) {
          printer.human(`✗ Branch ${event.branch.name} ${event.status === 'timeout' ? 'timed out' : 'failed'}: ${event.error ?? ''}\n`);
        }
        return;
      case 'interrupt':
        if (!options.quiet) printer.human(`⏸  Interrupt at: ${event.node}\n   State: ${stateJson(event.state)}\n`);
        return;
      case 'error':
        if (nodeStarted.has(event.node)) trace(event.node, false, eventTime(event) - nodeStarted.get(event.node)!);
        return renderError(printer, options, event);
      default:
        return;
    }
  };
}

function renderStart(printer: Printer, options: HumanRenderOptions, event: Extract<TeaEvent, { type: 'run_start' }>): void {
  if (options.quiet || options.resumedFrom !== undefined) return;
  printer.human(`${rule}\n`);
  if (options.scoped) {
    const entry = event.entryPoint ?? '__start__';
    const exit = event.exitPoint ?? '__end__';
    printer.human(`Running scoped execution: ${entry} → (stop before ${exit})\nWorkflow: ${options.file}\n`);
  } else {
    printer.human(`Running agent from: ${options.file}\n`);
  }
  printer.human(`${rule}\n`);
  if (Object.keys(event.state).length > 0) printer.human(`\nInitial state: ${stateJson(event.state)}\n\n`);
}

function renderError(printer: Printer, options: HumanRenderOptions, event: Extract<TeaEvent, { type: 'error' }>): void {
  const noNext = event.error.code === 'NO_NEXT_NODE';
  if (options.scoped) {
    printer.error(`ERROR: [Scoped] Error in node '${event.node}': ${event.message}\n`);
    printer.error(`Error in node '${event.node}': ${event.message}\n`);
  } else {
    if (!options.quiet) printer.human(`✗ Error at ${event.node}: ${event.message}\n`);
    if (noNext) printer.error(`WARNING: ${event.message}\n`);
    else printer.error(`ERROR: Error in ${event.fanIn ? 'fan-in node' : 'node'} '${event.node}': ${event.message}\n`);
  }
  const where = options.locate(event);
  if (where) printer.error(`${where}\n`);
  if (options.verbose && event.error.detail) printer.error(`${event.error.detail.trimEnd()}\n`);
}
