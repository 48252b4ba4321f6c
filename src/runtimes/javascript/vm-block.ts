import vm from 'node:vm';
import { TeaError, errorText } from '../../errors.js';
import type { State } from '../../observe/events.js';

export interface JsBlockRequest {
  code: string;
  node: string;
  state: State;
  variables: Record<string, unknown>;
  config?: Record<string, unknown>;
  /** Limit for the block's synchronous part, in ms. */
  timeoutMs: number;
}

export interface JsBlockHooks {
  onOutput(stream: 'stdout' | 'stderr', text: string): void;
}

const parameters = ['state', 'variables', 'config', 'node', 'json', 'console'];

// One context for every block: creating a context costs ~0.35 ms, compiling a cached
// function ~0.01 ms. Blocks get their values as parameters, never as shared globals.
let sharedContext: vm.Context | undefined;
const compiled = new Map<string, (...args: unknown[]) => Promise<unknown>>();
const callScript = new vm.Script('__teaCall()');

/** Runs a JavaScript `run:` block; `return` works at top level and the body may `await`. */
export async function runJsBlock(request: JsBlockRequest, hooks: JsBlockHooks): Promise<unknown> {
  const context = (sharedContext ??= vm.createContext({ __teaCall: undefined }));
  const fn = compile(request.code, request.node, context);
  const console = makeConsole(hooks);
  const args = [request.state, request.variables, request.config ?? {}, request.node, JSON, console];
  context.__teaCall = () => fn(...args);
  let pending: Promise<unknown>;
  try {
    pending = callScript.runInContext(context, { timeout: request.timeoutMs }) as Promise<unknown>;
  } catch (error) {
    throw blockError(error, request.node);
  } finally {
    context.__teaCall = undefined;
  }
  try {
    return await pending;
  } catch (error) {
    throw blockError(error, request.node);
  }
}

function compile(code: string, node: string, context: vm.Context) {
  let fn = compiled.get(code);
  if (fn) return fn;
  const source = `(async function (${parameters.join(', ')}) {\n${code}\n})`;
  try {
    fn = new vm.Script(source, { filename: `${node}.js`, lineOffset: -1 }).runInContext(context) as typeof fn;
  } catch (error) {
    throw blockError(error, node);
  }
  compiled.set(code, fn!);
  return fn!;
}

function makeConsole(hooks: JsBlockHooks) {
  const write = (stream: 'stdout' | 'stderr') => (...values: unknown[]) =>
    hooks.onOutput(stream, `${values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' ')}\n`);
  return { log: write('stdout'), info: write('stdout'), debug: write('stdout'), warn: write('stderr'), error: write('stderr') };
}

/** The error's text, the node, and the line inside the block from the stack. */
function blockError(error: unknown, node: string): TeaError {
  const stack = typeof error === 'object' && error !== null && 'stack' in error ? String(error.stack) : '';
  const line = new RegExp(`${escapeRegExp(node)}\\.js:(\\d+)`).exec(stack)?.[1];
  const timedOut = (error as { code?: string } | undefined)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
  const message = timedOut ? `JavaScript block timed out: ${errorText(error)}` : errorText(error);
  return new TeaError('NODE_FAILED', message, {
    node,
    line: line === undefined ? undefined : Number(line),
    detail: stack || undefined,
    cause: error,
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
