import type { State } from '../../observe/events.js';
import type { NodeSpec } from '../../spec/model.js';
import { renderString } from '../../template/index.js';
import { makeTemplateContext } from '../template-context.js';
import type { RunContext } from '../run-context.js';
import { adoptState } from '../state.js';
import { toJsonValue } from '../../util/json-value.js';

/** TEA's limit for Lua and Prolog blocks; ours for JavaScript blocks' synchronous part. */
const defaultBlockTimeoutMs = 30_000;

/** A `run:` block in its language; returns the block's value (`undefined`: no update). */
export async function runCode(node: NodeSpec, state: State, context: RunContext): Promise<unknown> {
  const code = node.code ?? '';
  const language = node.language ?? 'python';
  switch (language) {
    case 'python':
      return runPython(node, 'exec', code, state, context);
    case 'javascript':
      return runJavaScript(node, code, state, context);
    case 'lua':
    case 'prolog':
      return runEmbedded(node, language, code, state, context);
  }
}

/** Python blocks are Jinja templates first (core.md §2.2 step 2), then run on the warm worker. */
export async function runPython(
  node: NodeSpec,
  kind: 'exec' | 'expression',
  source: string,
  state: State,
  context: RunContext,
): Promise<unknown> {
  const code = renderString(source, makeTemplateContext(context.workflow, state, context.secrets));
  const { getPythonWorker } = await import('../../runtimes/python/worker-client.js');
  const result = await getPythonWorker().run(
    { kind, code, node: node.name, state, variables: context.workflow.variables, config: {} },
    {
      signal: context.signal,
      onOutput: (stream, text) => context.emit({ type: 'output', node: node.name, stream, text, branch: context.options.branch }),
    },
  );
  adoptState(state, result.state);
  return result.mapping ? result.update : result.update.result;
}

/** Lua and Prolog blocks, as TEA runs them: not templated, a 30 s limit, state in, result out. */
async function runEmbedded(node: NodeSpec, language: 'lua' | 'prolog', code: string, state: State, context: RunContext): Promise<unknown> {
  const request = {
    code,
    node: node.name,
    state,
    variables: context.workflow.variables,
    timeoutMs: context.options.blockTimeoutMs ?? defaultBlockTimeoutMs,
    signal: context.signal,
    // TEA: one Lua runtime for the run's own blocks, a fresh one in parallel branches.
    sharedGlobals: context.options.branch === undefined,
  };
  const hooks = {
    onOutput: (stream: 'stdout' | 'stderr', text: string) =>
      context.emit({ type: 'output', node: node.name, stream, text, branch: context.options.branch }),
  };
  const result =
    language === 'lua'
      ? await (await import('../../runtimes/lua/index.js')).runLuaBlock(request, hooks)
      : await (await import('../../runtimes/prolog/index.js')).runPrologBlock(request, hooks);
  return result === undefined ? undefined : toJsonValue(result, { node: node.name, what: 'the result' });
}

/** JavaScript blocks are not templated: `${}` is JavaScript's own syntax there. */
async function runJavaScript(node: NodeSpec, code: string, state: State, context: RunContext): Promise<unknown> {
  const { runJsBlock } = await import('../../runtimes/javascript/vm-block.js');
  const result = await runJsBlock(
    {
      code,
      node: node.name,
      state,
      variables: context.workflow.variables,
      timeoutMs: context.options.blockTimeoutMs ?? defaultBlockTimeoutMs,
    },
    {
      onOutput: (stream, text) => context.emit({ type: 'output', node: node.name, stream, text, branch: context.options.branch }),
    },
  );
  if (result === undefined) return undefined;
  return toJsonValue(result, { node: node.name, what: 'the result' });
}
