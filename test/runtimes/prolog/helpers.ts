import { runPrologBlock } from '../../../src/runtimes/prolog/index.js';

export interface PrologRun {
  value: unknown;
  stdout: string[];
  stderr: string[];
}

export interface PrologOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  node?: string;
  onStdout?: (text: string) => void;
}

/** Runs a block as the engine would and collects what it printed, per stream. */
export async function runProlog(code: string, state: Record<string, unknown> = {}, options: PrologOptions = {}): Promise<PrologRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const value = await runPrologBlock(
    { code, node: options.node ?? 'prolog_node', state, variables: {}, timeoutMs: options.timeoutMs ?? 20_000, signal: options.signal },
    {
      onOutput: (stream, text) => {
        (stream === 'stdout' ? stdout : stderr).push(text);
        if (stream === 'stdout') options.onStdout?.(text);
      },
    },
  );
  return { value, stdout, stderr };
}

/** The rejection of a block, for assertions on its TeaError fields. */
export async function failProlog(code: string, state: Record<string, unknown> = {}, options: PrologOptions = {}): Promise<Record<string, unknown>> {
  try {
    await runProlog(code, state, options);
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected the Prolog block to fail');
}
