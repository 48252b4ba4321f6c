import { existsSync } from 'node:fs';
import { loadCheckpoint } from '../../engine/checkpoint.js';
import { isTeaError } from '../../errors.js';
import { deepMerge } from '../../util/deep-merge.js';
import { ExitCode } from '../exit-codes.js';
import { parseInputOption } from '../input.js';
import { Printer } from '../printer.js';
import type { RunControl } from '../run-control.js';
import { runCommand } from './run.js';

export interface ResumeCommandOptions {
  workflow: string;
  input?: string;
  stream: boolean;
  autoContinue: boolean;
  quiet: boolean;
  verbose: boolean;
}

/**
 * `tea resume CHECKPOINT -w WF`: `--input` deep-merged into the saved state, then the run
 * goes on from the checkpoint's node. Unlike TEA it keeps every interrupt (core.md §9 item 2).
 */
export async function resumeCommand(file: string, options: ResumeCommandOptions, control: RunControl): Promise<number> {
  const printer = new Printer();
  if (!existsSync(file)) {
    printer.error(`Error: Checkpoint file not found: ${file}\n`);
    return ExitCode.failed;
  }
  if (!existsSync(options.workflow)) {
    printer.error(`Error: Workflow file not found: ${options.workflow}\n`);
    return ExitCode.failed;
  }
  try {
    const checkpoint = await loadCheckpoint(file);
    const state = deepMerge(checkpoint.state, parseInputOption(options.input));
    if (!options.quiet) {
      // With --stream, stdout carries only NDJSON (TEA mixes these two lines into it).
      const text = `Resuming from checkpoint: ${file}\nInterrupted node: ${checkpoint.node}\n`;
      if (options.stream) printer.error(text);
      else printer.human(text);
    }
    return await runCommand(
      options.workflow,
      {
        quiet: options.quiet,
        verbose: options.verbose,
        stream: options.stream,
        autoContinue: options.autoContinue,
        heartbeat: false,
        failOnState: [],
        // TEA's resume keeps no journal and prints no closing journal lines.
        journal: false,
        resumeFrom: { node: checkpoint.node, state, skipNode: checkpoint.config.interrupt === 'after', checkpoint: file },
      },
      control,
    );
  } catch (error) {
    if (!isTeaError(error)) throw error;
    printer.error(error.code === 'BAD_CHECKPOINT' ? `Error loading checkpoint: ${error.message}\n` : `Error: ${error.message}\n`);
    return ExitCode.failed;
  }
}
