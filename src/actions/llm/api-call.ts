import { setTimeout as sleep } from 'node:timers/promises';
import { TeaError, errorText } from '../../errors.js';
import { isPlainMapping } from '../../util/json-value.js';
import { makeActionError } from '../action-error.js';
import type { ActionContext } from '../types.js';
import { postChatCompletion } from './api-client.js';
import { makeApiEndpoint, type ApiEndpoint, type ApiProvider } from './api-endpoint.js';
import { ApiError } from './api-errors.js';
import { toSeconds } from './shell-invocation.js';

/** Chat-completion parameters passed through to the API when a node sets them (TEA passes its extra `with:` keys on). */
const passThrough = [
  'max_tokens', 'max_completion_tokens', 'top_p', 'n', 'stop', 'presence_penalty', 'frequency_penalty', 'logit_bias',
  'logprobs', 'top_logprobs', 'seed', 'response_format', 'tools', 'tool_choice', 'parallel_tool_calls', 'user',
  'reasoning_effort', 'service_tier', 'store', 'metadata', 'modalities', 'prediction', 'audio', 'web_search_options',
];

/**
 * `llm.call` against an OpenAI-compatible API, with TEA's retry rules on top of the SDK's:
 * `max_retries: 0` (default) returns `{content, usage}` or raises the SDK's error (one extra
 * try after a 429 that names `Retry-After`); `max_retries: N` retries 429, 5xx, timeouts and
 * connection errors with `base_delay * 2^k` capped at `max_delay` and returns
 * `{content, usage, attempts, total_delay}` or `{error, success: false, attempts, ...}`.
 */
export async function callChatApi(provider: ApiProvider, params: Record<string, unknown>, messages: unknown[], model: string, context: ActionContext) {
  const endpoint = makeApiEndpoint(provider, params, model, context.node);
  const call = () => requestCompletion(endpoint, params, messages, context);
  const maxRetries = Math.trunc(Number(params.max_retries ?? 0)) || 0;
  try {
    if (maxRetries === 0) return await callOnce(call, context);
    return await callWithRetries(call, maxRetries, params, context);
  } catch (error) {
    if (context.signal.aborted) throw new TeaError('NODE_FAILED', 'Cancelled', { node: context.node, cause: error });
    if (error instanceof ApiError) throw makeActionError(error.pythonType, error.message, context.node);
    throw error;
  }
}

/** `max_retries: 0`: one call, plus one more after a 429 whose `Retry-After` asks for a wait. */
async function callOnce(call: () => Promise<unknown>, context: ActionContext) {
  try {
    return toResult(await call());
  } catch (error) {
    const retryAfter = error instanceof ApiError && error.pythonType === 'RateLimitError' ? Number(error.headers?.get('retry-after')) : Number.NaN;
    if (!(retryAfter > 0)) throw error;
    await sleep(retryAfter * 1000, undefined, { signal: context.signal });
    return toResult(await call());
  }
}

/** `max_retries: N`: TEA's own loop around the SDK's, reporting `attempts` and `total_delay`. */
async function callWithRetries(call: () => Promise<unknown>, maxRetries: number, params: Record<string, unknown>, context: ActionContext) {
  const baseDelay = toSeconds(params.base_delay) ?? 1;
  const maxDelay = toSeconds(params.max_delay) ?? 60;
  let attempts = 0;
  let totalDelay = 0;
  let lastError: unknown = null;
  while (attempts <= maxRetries) {
    try {
      return { ...toResult(await call()), attempts: attempts + 1, total_delay: totalDelay };
    } catch (error) {
      if (context.signal.aborted) throw error;
      const kind = classify(error);
      if (kind === 'fatal') return { error: `LLM API error (non-retryable): ${errorText(error)}`, success: false, attempts: attempts + 1, status_code: (error as ApiError).status ?? null };
      if (kind === 'unexpected') return { error: `Unexpected error: ${errorText(error)}`, success: false, attempts: attempts + 1 };
      lastError = error;
      attempts += 1;
      if (attempts > maxRetries) break;
      const retryAfter = kind === 'rate_limit' ? Number((error as ApiError).headers?.get('retry-after') ?? Number.NaN) : Number.NaN;
      const delay = Number.isFinite(retryAfter) ? Math.min(retryAfter, maxDelay) : Math.min(baseDelay * 2 ** (attempts - 1), maxDelay);
      totalDelay += delay;
      await sleep(delay * 1000, undefined, { signal: context.signal });
    }
  }
  return { error: `Max retries (${maxRetries}) exceeded. Last error: ${lastError === null ? 'None' : errorText(lastError)}`, success: false, attempts, total_delay: totalDelay };
}

/** TEA's except-clauses: RateLimitError, connection/timeout, APIError with 5xx, other APIError, anything else. */
function classify(error: unknown): 'rate_limit' | 'retry' | 'fatal' | 'unexpected' {
  if (!(error instanceof ApiError)) return 'unexpected';
  if (error.pythonType === 'RateLimitError') return 'rate_limit';
  if (error.status === undefined) return error.pythonType === 'APITimeoutError' || error.pythonType === 'APIConnectionError' ? 'retry' : 'unexpected';
  return error.status >= 500 && error.status < 600 ? 'retry' : 'fatal';
}

/** The request body TEA's client sends: model, messages, temperature and the node's API parameters. */
function requestCompletion(endpoint: ApiEndpoint, params: Record<string, unknown>, messages: unknown[], context: ActionContext): Promise<unknown> {
  const body: Record<string, unknown> = { model: endpoint.model, messages, temperature: params.temperature ?? 0.7 };
  for (const key of passThrough) if (params[key] !== undefined && params[key] !== null) body[key] = params[key];
  if (isPlainMapping(params.extra_body)) Object.assign(body, params.extra_body);
  const headers = { ...endpoint.headers, ...(isPlainMapping(params.extra_headers) ? (params.extra_headers as Record<string, string>) : {}) };
  const timeoutMs = (toSeconds(params.timeout) ?? 300) * 1000;
  return postChatCompletion({ url: endpoint.url, headers, body, timeoutMs, signal: context.signal });
}

/** `{content: choices[0].message.content, usage}`; usage keeps the SDK model's field order. */
function toResult(response: unknown): { content: unknown; usage: Record<string, unknown> } {
  const choice = isPlainMapping(response) && Array.isArray(response.choices) ? response.choices[0] : undefined;
  if (!isPlainMapping(choice)) throw new ApiError('IndexError', 'list index out of range');
  const message = isPlainMapping(choice.message) ? choice.message : {};
  const usage = isPlainMapping(response) && isPlainMapping(response.usage) ? orderUsage(response.usage) : {};
  return { content: message.content ?? null, usage };
}

/** Pydantic's `model_dump()` of CompletionUsage: its fields first (None when absent), then extras. */
function orderUsage(usage: Record<string, unknown>): Record<string, unknown> {
  const fields = ['completion_tokens', 'prompt_tokens', 'total_tokens', 'completion_tokens_details', 'prompt_tokens_details'];
  const ordered: Record<string, unknown> = {};
  for (const field of fields) ordered[field] = usage[field] ?? null;
  for (const [key, value] of Object.entries(usage)) if (!(key in ordered)) ordered[key] = value;
  return ordered;
}
