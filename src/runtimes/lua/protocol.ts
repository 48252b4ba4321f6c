/**
 * Messages between the main thread and a Lua worker thread (worker/main.mjs). The worker
 * is plain JavaScript, so these types are the only written record of what it sends.
 */
export interface RunMessage {
  type: 'run';
  id: number;
  code: string;
  state: Record<string, unknown>;
  variables: Record<string, unknown>;
  /** Run in the worker's shared lua_State (the run's one-after-another blocks) instead of a fresh one. */
  shared?: boolean;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'output'; id: number; text: string }
  | { type: 'done'; id: number; outcome: BlockOutcome; heapBytes: number };

export type BlockOutcome = { ok: true; values: unknown[] } | { ok: false; error: BlockFailure };

export interface BlockFailure {
  /** `lua`: a runtime error; `syntax`: the block does not compile; `internal`: our fault. */
  kind: 'lua' | 'syntax' | 'not_serializable' | 'internal';
  /** Lua's message, still prefixed with `block:<line>:` when Lua added a position. */
  message: string;
  line?: number;
  traceback?: string;
  luaType?: string;
  path?: string[];
}
