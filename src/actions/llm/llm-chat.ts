import { throwOnMissingParams } from '../action-error.js';
import type { Action } from '../types.js';
import { callLlm } from './llm-call.js';
import { injectLlmSettings } from './llm-settings.js';

/**
 * `llm.chat` (`messages` required): TEA's API-backend path hands it to `llm.call` with
 * `max_tokens: 100` and `temperature: 0.7` unless set, and `model` from `settings.llm`
 * or `gpt-4o-mini`.
 */
export const llmChat: Action = (params, context) => {
  throwOnMissingParams(params, 'llm_chat_local', ['messages'], context.node);
  const withSettings = injectLlmSettings(params, context.settings);
  return callLlm({ max_tokens: 100, temperature: 0.7, model: 'gpt-4o-mini', ...withSettings }, context);
};
