import { findAction } from '../../actions/registry.js';
import type { State } from '../../observe/events.js';
import type { NodeSpec } from '../../spec/model.js';
import { assignTemplate, renderParams } from '../../template/index.js';
import type { RunContext } from '../run-context.js';
import { asUpdate } from '../state.js';
import { makeTemplateContext } from '../template-context.js';
import { isPlainMapping, toJsonValue } from '../../util/json-value.js';
import path from 'node:path';

/** A `uses:` action call: render `with:`, call, map the result through `output` (core.md §2.5). */
export async function runUses(
  node: Pick<NodeSpec, 'name' | 'uses' | 'with' | 'output'>,
  state: State,
  context: RunContext,
): Promise<State> {
  const action = await findAction(node.uses!, node.name);
  const templateContext = makeTemplateContext(context.workflow, state, context.secrets);
  const params = renderParams(node.with ?? {}, templateContext) as Record<string, unknown>;
  const result = await action(params, {
    state,
    node: node.name,
    workflowDir: path.dirname(context.workflow.absoluteFile),
    settings: context.workflow.settings,
    signal: context.signal,
    print: (text) => context.emit({ type: 'output', node: node.name, stream: 'stdout', text, branch: context.options.branch }),
    printError: (text) => context.emit({ type: 'output', node: node.name, stream: 'stderr', text, branch: context.options.branch }),
    secrets: context.secrets,
  });
  const value = toJsonValue(result, { node: node.name, what: 'the result' });
  return mapOutput(node.output, value, state, context);
}

/** No `output` → mapping merges, else `{result}`; a string → `{key: result}`; a mapping → rendered templates. */
function mapOutput(output: unknown, result: unknown, state: State, context: RunContext): State {
  if (typeof output === 'string') return { [output]: result };
  if (!isPlainMapping(output)) return asUpdate(result);
  const templateContext = makeTemplateContext(context.workflow, state, context.secrets, { result });
  const update: State = {};
  for (const [key, template] of Object.entries(output)) {
    if (typeof template !== 'string') {
      update[key] = template;
      continue;
    }
    const value = assignTemplate(update, key, template, templateContext);
    if (value === null || value === undefined) update[key] = '';
  }
  return update;
}
