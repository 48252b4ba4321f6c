import { pyStr } from '../../template/index.js';
import { makeActionError } from '../action-error.js';
import type { Action, ActionContext } from '../types.js';
import { callChatApi } from './api-call.js';
import type { ApiProvider } from './api-endpoint.js';
import { injectLlmSettings } from './llm-settings.js';
import { normalizeMessages } from './messages.js';
import { toSeconds } from './shell-invocation.js';
import { callShellProvider } from './shell-provider.js';

/**
 * `llm.call`: `provider` shell (a coding agent's CLI), openai, azure or ollama (HTTP), or
 * `auto` (OLLAMA_API_BASE → ollama, AZURE_OPENAI_API_KEY + AZURE_OPENAI_ENDPOINT → azure,
 * else openai). `messages`, or `prompt` with an optional `system`.
 */
export const llmCall: Action = (params, context) => callLlm(injectLlmSettings(params, context.settings), context);

/** `llm.call` after the settings are injected; `llm.chat` enters here too. */
export async function callLlm(params: Record<string, unknown>, context: ActionContext): Promise<unknown> {
  const provider = resolveProvider(params.provider);
  const messages = normalizeMessages(params.messages, params.prompt, params.system);
  if (!messages) return { error: 'Missing required parameter: prompt or messages', success: false };
  if (provider === 'shell') {
    if (!params.shell_provider) {
      return { error: "provider='shell' requires shell_provider parameter (e.g., shell_provider='claude')", success: false };
    }
    return callShellProvider(pyStr(params.shell_provider), messages, toSeconds(params.timeout), context);
  }
  if (provider === 'local') {
    return { error: 'llama-cpp-python not installed. Install with: pip install the_edge_agent[llm-local]', success: false };
  }
  if (!params.model) return { error: `model is required for provider '${provider}'`, success: false };
  if (provider === 'litellm') throw makeActionError('ImportError', 'LiteLLM library not installed. Install with: pip install litellm', context.node);
  const api: ApiProvider = provider === 'azure' || provider === 'ollama' ? provider : 'openai';
  return callChatApi(api, params, messages, pyStr(params.model), context);
}

/** TEA's provider choice: explicit (azure_openai → azure), else detected from the environment. */
export function resolveProvider(value: unknown, env: NodeJS.ProcessEnv = process.env): string {
  let provider = value ? pyStr(value).toLowerCase() : 'auto';
  if (provider === 'azure_openai' || provider === 'azureopenai') provider = 'azure';
  if (provider !== 'auto') return provider;
  if (env.OLLAMA_API_BASE) return 'ollama';
  if (env.AZURE_OPENAI_API_KEY && env.AZURE_OPENAI_ENDPOINT) return 'azure';
  return 'openai';
}
