import { TeaError } from '../../errors.js';
import type { State } from '../../observe/events.js';
import type { NodeSpec } from '../../spec/model.js';
import { renderString } from '../../template/index.js';
import { makeTemplateContext } from '../template-context.js';
import type { RunContext } from '../run-context.js';
import { adoptState } from '../state.js';
import { toJsonValue } from '../../util/json-value.js';

const defaultJsTimeoutMs = 30_000;

/** A `run:` block in its language; returns the block's value (`undefined`: no update). */
export async function runCode(node: NodeSpec, state: State, context: RunContext): Promise<unknown> {
  const code = node.code ?? '';
  switch (node.language ?? 'python') {
    case 'python':
      return runPython(node, 'exec', code, state, context);
    case 'javascript':
      return runJavaScript(node, code, state, context);
    case 'lua':
    case 'prolog':
      throw new TeaError(
        'RUNTIME_UNAVAILABLE',
        `${node.language === 'lua' ? 'Lua' : 'Prolog'} run: blocks are not supported by this version of tea`,
        { node: node.name },
      );
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
      onStdout: (text) => context.emit({ type: 'output', node: node.name, stream: 'stdout', text, branch: context.options.branch }),
    },
  );
  adoptState(state, result.state);
  return result.mapping ? result.update : result.update.result;
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
      timeoutMs: context.options.jsTimeoutMs ?? defaultJsTimeoutMs,
    },
    {
      onOutput: (stream, text) => context.emit({ type: 'output', node: node.name, stream, text, branch: context.options.branch }),
    },
  );
  if (result === undefined) return undefined;
  return toJsonValue(result, { node: node.name, what: 'the result' });
}
