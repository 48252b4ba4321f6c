import type { Graph } from '../../engine/graph.js';
import type { RunOptions } from '../../engine/run-context.js';
import type { State } from '../../observe/events.js';
import type { Workflow } from '../../spec/model.js';
import { ExitCode } from '../exit-codes.js';
import type { Printer } from '../printer.js';
import { dryRunText } from '../render/dry-run-text.js';
import { planDryRun } from './dry-run-plan.js';

/**
 * `tea run FILE --dry-run`: prints the plan on stdout and runs nothing: no node, no branch
 * process, no Python worker (planning renders templates in-process only).
 */
export function dryRunCommand(printer: Printer, workflow: Workflow, graph: Graph, input: State, options: RunOptions): number {
  printer.data(dryRunText(workflow.file, planDryRun(workflow, graph, input, options)));
  return ExitCode.ok;
}
