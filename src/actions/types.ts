import type { State } from '../observe/events.js';

/** What an action may use besides its parameters. */
export interface ActionContext {
  state: State;
  node: string;
  /** Folder of the workflow file, for relative paths. */
  workflowDir: string;
  settings: Record<string, unknown>;
  signal: AbortSignal;
  /** Text for the user's stdout (TEA actions that print, like `notify`). */
  print(text: string): void;
  /**
   * Text for the user's stderr (a shell provider's `verbose` echo of its output).
   * @default process.stderr.write
   */
  printError?(text: string): void;
  /** The run's secrets (`--secrets`, `--secrets-env`), read by `secrets.get`. */
  secrets?: Record<string, unknown>;
}

export type Action = (params: Record<string, unknown>, context: ActionContext) => unknown;
