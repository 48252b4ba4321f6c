import { pyStr } from '../../template/index.js';
import { makeActionError } from '../action-error.js';

export type ApiProvider = 'openai' | 'azure' | 'ollama';

export interface ApiEndpoint {
  url: string;
  headers: Record<string, string>;
  /** The `model` the request names (Azure: the deployment). */
  model: string;
}

/**
 * Where TEA's OpenAI client sends a chat completion, and with which key, per provider:
 * OpenAI (`api_base` or `OPENAI_BASE_URL`, key `OPENAI_API_KEY`), Ollama's OpenAI-compatible
 * API (`api_base` or `OLLAMA_API_BASE`, default http://localhost:11434/v1, no key), Azure
 * (`AZURE_OPENAI_*`, `OPENAI_API_VERSION`). A missing key is the SDK's OpenAIError.
 */
export function makeApiEndpoint(provider: ApiProvider, params: Record<string, unknown>, model: string, node: string, env = process.env): ApiEndpoint {
  const apiBase = params.api_base ? pyStr(params.api_base) : undefined;
  if (provider === 'ollama') {
    const base = apiBase ?? env.OLLAMA_API_BASE ?? 'http://localhost:11434/v1';
    return { url: `${trimSlash(base)}/chat/completions`, headers: { Authorization: 'Bearer ollama' }, model };
  }
  if (provider === 'azure') {
    const key = env.AZURE_OPENAI_API_KEY;
    if (!key) {
      throw makeActionError('OpenAIError', 'Missing credentials. Please pass one of `api_key`, `azure_ad_token`, `azure_ad_token_provider`, or the `AZURE_OPENAI_API_KEY` environment variable.', node);
    }
    const endpoint = apiBase ?? env.AZURE_OPENAI_ENDPOINT;
    if (!endpoint) {
      throw makeActionError('ValueError', 'Must provide one of the `base_url` or `azure_endpoint` arguments, or the `AZURE_OPENAI_ENDPOINT` environment variable', node);
    }
    const deployment = (params.deployment ? pyStr(params.deployment) : undefined) ?? env.AZURE_OPENAI_DEPLOYMENT ?? model;
    const version = env.OPENAI_API_VERSION ?? '2024-02-15-preview';
    const url = `${trimSlash(endpoint)}/openai/deployments/${encodeURIComponent(deployment)}/chat/completions?api-version=${encodeURIComponent(version)}`;
    return { url, headers: { 'api-key': key }, model: deployment };
  }
  const key = env.OPENAI_API_KEY;
  if (!key) {
    throw makeActionError('OpenAIError', 'The api_key client option must be set either by passing api_key to the client or by setting the OPENAI_API_KEY environment variable', node);
  }
  const headers: Record<string, string> = { Authorization: `Bearer ${key}` };
  if (env.OPENAI_ORG_ID) headers['OpenAI-Organization'] = env.OPENAI_ORG_ID;
  if (env.OPENAI_PROJECT_ID) headers['OpenAI-Project'] = env.OPENAI_PROJECT_ID;
  const base = apiBase ?? env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1';
  return { url: `${trimSlash(base)}/chat/completions`, headers, model };
}

/** A base URL without its trailing slashes, so paths join cleanly. */
const trimSlash = (url: string) => url.replace(/\/+$/, '');
