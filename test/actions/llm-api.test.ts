import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { llmCall } from '../../src/actions/llm/llm-call.js';
import { llmChat } from '../../src/actions/llm/llm-chat.js';
import { makeContext, sendJson, startServer, type LocalServer, type RecordedRequest } from './context.js';

const completion = (content: string) => ({
  id: 'c1',
  object: 'chat.completion',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  usage: { total_tokens: 5, prompt_tokens: 3, completion_tokens: 2 },
});

let server: LocalServer;
let reply: (request: RecordedRequest, index: number, response: ServerResponse) => void;

beforeEach(async () => {
  vi.stubEnv('OPENAI_API_KEY', 'sk-test');
  vi.stubEnv('OLLAMA_API_BASE', '');
  vi.stubEnv('AZURE_OPENAI_API_KEY', '');
  reply = (_request, _index, response) => sendJson(response, 200, completion('hello'));
  server = await startServer((request, index, response) => reply(request, index, response));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await server.close();
});

const context = makeContext();
const messages = [{ role: 'user', content: 'hi' }];
const call = (params: Record<string, unknown>, ctx = context) => llmCall({ provider: 'openai', model: 'gpt-x', api_base: `${server.url}/v1`, messages, ...params }, ctx);

describe('llm.call over an OpenAI-compatible API', () => {
  it("posts a chat completion and returns TEA's {content, usage}", async () => {
    expect(await call({ max_tokens: 50, stop: null, not_an_api_param: 1 })).toEqual({
      content: 'hello',
      usage: { completion_tokens: 2, prompt_tokens: 3, total_tokens: 5, completion_tokens_details: null, prompt_tokens_details: null },
    });
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/v1/chat/completions', headers: { authorization: 'Bearer sk-test' } });
    expect(JSON.parse(request!.body)).toEqual({ model: 'gpt-x', messages, temperature: 0.7, max_tokens: 50 });
  });

  it("without OPENAI_API_KEY it raises the SDK's error", async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    await expect(call({})).rejects.toMatchObject({ message: expect.stringContaining('The api_key client option must be set'), detail: expect.stringMatching(/^OpenAIError: /) });
  });

  it('Ollama: auto-detected from OLLAMA_API_BASE, no key needed', async () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    vi.stubEnv('OLLAMA_API_BASE', `${server.url}/v1`);
    expect(await llmCall({ model: 'llama3.2', prompt: 'hi' }, context)).toMatchObject({ content: 'hello' });
    expect(server.requests[0]).toMatchObject({ url: '/v1/chat/completions', headers: { authorization: 'Bearer ollama' } });
  });

  it('Azure: deployment URL, api-version and api-key header', async () => {
    vi.stubEnv('AZURE_OPENAI_API_KEY', 'az-key');
    vi.stubEnv('AZURE_OPENAI_ENDPOINT', server.url);
    expect(await llmCall({ model: 'gpt-x', deployment: 'dep', prompt: 'hi' }, context)).toMatchObject({ content: 'hello' });
    expect(server.requests[0]).toMatchObject({ url: '/openai/deployments/dep/chat/completions?api-version=2024-02-15-preview', headers: { 'api-key': 'az-key' } });
    expect(JSON.parse(server.requests[0]!.body).model).toBe('dep');
  });

  it('a 429 is retried (the SDK honours retry-after-ms) and the next 200 wins', async () => {
    reply = (_request, index, response) =>
      index === 0 ? sendJson(response, 429, { error: { message: 'slow down' } }, { 'retry-after-ms': '10' }) : sendJson(response, 200, completion('after retry'));
    expect(await call({})).toMatchObject({ content: 'after retry' });
    expect(server.requests).toHaveLength(2);
  });

  it('max_retries > 0: TEA retries 5xx with backoff, then returns its failure shape', async () => {
    reply = (_request, _index, response) => sendJson(response, 500, { error: { message: 'down' } }, { 'retry-after-ms': '1' });
    expect(await call({ max_retries: 1, base_delay: 0.01 })).toEqual({
      error: "Max retries (1) exceeded. Last error: Error code: 500 - {'error': {'message': 'down'}}",
      success: false,
      attempts: 2,
      total_delay: 0.01,
    });
    expect(server.requests).toHaveLength(6); // 2 TEA attempts × (1 + 2 SDK retries)
  });

  it('max_retries > 0: a 4xx other than 429 is returned at once as non-retryable', async () => {
    reply = (_request, _index, response) => sendJson(response, 400, { error: { message: 'bad' } });
    expect(await call({ max_retries: 2 })).toEqual({
      error: "LLM API error (non-retryable): Error code: 400 - {'error': {'message': 'bad'}}",
      success: false,
      attempts: 1,
      status_code: 400,
    });
    expect(server.requests).toHaveLength(1);
  });

  it("max_retries 0 (default): an API error is raised with the SDK's type and text", async () => {
    reply = (_request, _index, response) => sendJson(response, 401, { error: { message: 'no key' } });
    await expect(call({})).rejects.toMatchObject({
      message: "Error code: 401 - {'error': {'message': 'no key'}}",
      detail: "AuthenticationError: Error code: 401 - {'error': {'message': 'no key'}}",
    });
  });

  it('a request past `timeout` is an APITimeoutError after the SDK retries', async () => {
    reply = () => {}; // never answers
    await expect(call({ timeout: 0.1 })).rejects.toMatchObject({ message: 'Request timed out.', detail: 'APITimeoutError: Request timed out.' });
    expect(server.requests).toHaveLength(3);
  });

  it('an abort of the run raises Cancelled', async () => {
    reply = () => {};
    const controller = new AbortController();
    const pending = call({}, makeContext({ signal: controller.signal }));
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toThrow('Cancelled');
  });

  it("TEA's other returned and raised failures", async () => {
    expect(await llmCall({ provider: 'openai', prompt: 'hi' }, context)).toEqual({ error: "model is required for provider 'openai'", success: false });
    expect(await llmCall({ provider: 'local', prompt: 'hi' }, context)).toMatchObject({ error: expect.stringContaining('llama-cpp-python not installed'), success: false });
    await expect(llmCall({ provider: 'litellm', model: 'a/b', prompt: 'hi' }, context)).rejects.toThrow('LiteLLM library not installed. Install with: pip install litellm');
  });

  it('llm.chat sends max_tokens 100 and the settings.llm model', async () => {
    const chatContext = makeContext({ settings: { llm: { model: 'from-settings', api_base: `${server.url}/v1`, provider: 'openai' } } });
    expect(await llmChat({ messages }, chatContext)).toMatchObject({ content: 'hello' });
    expect(JSON.parse(server.requests[0]!.body)).toMatchObject({ model: 'from-settings', max_tokens: 100, temperature: 0.7 });
  });
});
