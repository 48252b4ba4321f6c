/**
 * The Python block API and the line protocol spoken with `worker.py`: one JSON object per
 * line, requests on the worker's stdin, replies on its stdout. Shared by the client, the
 * tests and the benchmark.
 */
import { TeaError } from '../../errors.js';
import { parseJsonKeepingFloats, stringifyJsonKeepingFloats } from '../../util/python-floats.js';

/** One Python block to run (core.md §2.2 for `exec`, §2.3 for `expression`). */
export interface PythonBlockRequest {
  /** `expression` evaluates one expression; its value always comes back as `{result: value}`. */
  kind: 'exec' | 'expression';
  /** Final Python source: the engine has already rendered any Jinja in it. */
  code: string;
  /** Node (or step) name: the `node` global, and the context of errors. */
  node: string;
  /** The live state (deep JSON). */
  state: Record<string, unknown>;
  variables: Record<string, unknown>;
  /** @default {} */
  config?: Record<string, unknown>;
}

export interface PythonBlockResult {
  /** The node's update: a mapping result as is, anything else `{result: v}`; exec mode
   * without `return`: the locals not starting with `_`. */
  update: Record<string, unknown>;
  /** The state dict after the block: in-place sets and `del` persist. */
  state: Record<string, unknown>;
  /** Whether the block's value was a mapping (false: `update` is `{result: value}`). */
  mapping: boolean;
}

export interface PythonRunHooks {
  /** What print(), sys.stdout / sys.stderr (warnings, logging) and user subprocesses' fd 1
   * wrote, in order, whole lines when possible. */
  onOutput?(stream: OutputStream, text: string): void;
  /** Abort rejects the block's result with the signal's reason. */
  signal?: AbortSignal;
}

/** tea → worker. */
export interface RunMessage {
  id: number;
  kind: PythonBlockRequest['kind'];
  code: string;
  node: string;
  state: Record<string, unknown>;
  variables: Record<string, unknown>;
  config: Record<string, unknown>;
}

/** worker → tea: sent once, when the worker is ready. */
export interface ReadyMessage {
  type: 'ready';
  pid: number;
  python: string;
}

export type OutputStream = 'stdout' | 'stderr';

/** worker → tea: output of request `id`; `null` when no block was running (a background child). */
export type OutputMessage = { [S in OutputStream]: { type: S; id: number | null; text: string } }[OutputStream];

export interface ResultMessage extends PythonBlockResult {
  type: 'result';
  id: number;
}

export interface WorkerError {
  /** `exception`: the user's code raised; `not_serializable`: the result cannot be JSON;
   * `internal`: the worker could not read a request. */
  kind: 'exception' | 'not_serializable' | 'internal';
  /** The Python exception class name. */
  type: string;
  /** Python's `str(e)`. */
  message: string;
  /** Line inside the user's block, 1-based. */
  line?: number | null;
  traceback?: string;
}

export interface ErrorMessage {
  type: 'error';
  id: number | null;
  error: WorkerError;
}

export type WorkerMessage = ReadyMessage | OutputMessage | ResultMessage | ErrorMessage;

export function encodeRunMessage(id: number, request: PythonBlockRequest): string {
  const message: RunMessage = {
    id,
    kind: request.kind,
    code: request.code,
    node: request.node,
    state: request.state,
    variables: request.variables,
    config: request.config ?? {},
  };
  try {
    return `${stringifyJsonKeepingFloats(message)}\n`;
  } catch (error) {
    throw new TeaError('NOT_SERIALIZABLE', `Cannot send the state to Python: ${String(error)}`, {
      node: request.node,
      cause: error,
    });
  }
}

const messageTypes = new Set(['ready', 'stdout', 'stderr', 'result', 'error']);

/** Parses one reply line; anything else means the worker (or something in it) broke the protocol. */
export function parseWorkerMessage(line: string): WorkerMessage {
  let message: unknown;
  try {
    message = parseJsonKeepingFloats(line);
  } catch {
    message = undefined;
  }
  const type = (message as { type?: unknown } | undefined)?.type;
  if (typeof type !== 'string' || !messageTypes.has(type)) {
    throw new TeaError('CHILD_PROTOCOL', `The Python worker sent an unreadable line: ${line.slice(0, 200)}`);
  }
  return message as WorkerMessage;
}
