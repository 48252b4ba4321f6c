import type { TemplateContext } from '../template/index.js';
import type { Workflow } from '../spec/model.js';
import type { State } from '../observe/events.js';

/** What every template sees (core.md §3.2): state, variables, secrets, settings, data, env, checkpoint. */
export function makeTemplateContext(
  workflow: Workflow,
  state: State,
  secrets: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): TemplateContext {
  return {
    state,
    variables: workflow.variables,
    secrets,
    settings: workflow.settings,
    data: workflow.data ?? {},
    env: process.env,
    checkpoint: { dir: workflow.config.checkpointDir ?? null, last: null },
    ...extra,
  };
}
