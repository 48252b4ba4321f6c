import { createInterface } from 'node:readline/promises';
import type { Printer } from './printer.js';
import { deepMerge } from '../util/deep-merge.js';

/**
 * TEA's interactive interrupt prompt (`[c]ontinue / [u]pdate / [a]bort`). Returns the state
 * to continue with, or undefined to abort (exit 1).
 */
export async function promptAtInterrupt(
  printer: Printer,
  checkpoint: string | undefined,
  state: Record<string, unknown>,
): Promise<Record<string, unknown> | undefined> {
  if (checkpoint) printer.human(`\nCheckpoint saved: ${checkpoint}\n`);
  printer.human('\nReview the state above. Options:\n');
  printer.human('  [c] Continue with current state\n  [u] Update state before continuing\n  [a] Abort execution\n');
  const readline = createInterface({ input: process.stdin, output: process.stdout, terminal: false });
  try {
    printer.human('\nChoice: ');
    const choice = (await readline.question('')).trim().toLowerCase();
    if (choice === 'c') return state;
    if (choice === 'u') {
      printer.human('\nEnter state updates as JSON (or press Enter to skip):\n');
      const text = (await readline.question('')).trim();
      if (!text) return state;
      try {
        const updates = JSON.parse(text) as unknown;
        if (typeof updates !== 'object' || updates === null || Array.isArray(updates)) {
          printer.error('Error: State updates must be a JSON object\n');
          return undefined;
        }
        printer.human('State updated. Resuming execution...\n');
        return deepMerge(state, updates as Record<string, unknown>);
      } catch (error) {
        printer.error(`Error: Invalid JSON - ${(error as Error).message}\n`);
        return undefined;
      }
    }
    printer.human(choice === 'a' ? '\nExecution aborted by user.\n' : `\nInvalid choice: ${choice}. Aborting.\n`);
    return undefined;
  } finally {
    readline.close();
  }
}
