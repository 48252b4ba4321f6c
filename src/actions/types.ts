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
}

export type Action = (params: Record<string, unknown>, context: ActionContext) => unknown;
