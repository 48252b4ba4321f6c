import { isPlainMapping } from '../../util/json-value.js';

/** The `settings.llm` keys TEA copies into `llm.*` calls (`deployment` becomes `model`). */
const injectedKeys = [
  'provider', 'shell_provider', 'temperature', 'api_base', 'timeout', 'max_retries',
  'backend', 'n_gpu_layers', 'n_ctx', 'n_threads', 'model_path', 'chat_format',
];

/**
 * core.md §2.5 step 3: `settings.llm` defaults for an `llm.*` call, each only where the
 * node's `with:` does not set it. (TEA renders the settings' templates once at load; the
 * values here are whatever the engine passed as `settings`.)
 */
export function injectLlmSettings(params: Record<string, unknown>, settings: Record<string, unknown>): Record<string, unknown> {
  const llm = settings.llm;
  if (!isPlainMapping(llm)) return params;
  const defaults: Record<string, unknown> = {};
  if ('deployment' in llm) defaults.model = llm.deployment;
  else if ('model' in llm) defaults.model = llm.model;
  for (const key of injectedKeys) if (key in llm) defaults[key] = llm[key];
  const result = { ...params };
  for (const [key, value] of Object.entries(defaults)) if (!(key in result)) result[key] = value;
  return result;
}
