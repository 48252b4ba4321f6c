import { setTimeout as sleep } from 'node:timers/promises';
import { pythonJsonError } from '../../util/python-json-error.js';
import { ApiError, connectionError, makeStatusError, timeoutError } from './api-errors.js';

export interface ChatRequest {
  url: string;
  headers: Record<string, string>;
  body: unknown;
  /** Per request, as the SDK's client `timeout`. */
  timeoutMs: number;
  signal: AbortSignal;
  /** The OpenAI SDK's own retries, under TEA's. @default 2 */
  maxRetries?: number;
}

const initialRetryDelay = 0.5;
const maxRetryDelay = 8;

/**
 * One `client.chat.completions.create(...)` as the OpenAI Python SDK performs it: the parsed
 * JSON response, after up to two retries of 429/5xx/timeouts with its backoff (0.5 s doubling
 * to 8 s, jittered; a server's `retry-after-ms` / `retry-after` up to 60 s wins).
 * An abort of `signal` rejects with the signal's reason.
 */
export async function postChatCompletion(request: ChatRequest): Promise<unknown> {
  const maxRetries = request.maxRetries ?? 2;
  for (let retries = 0; ; retries += 1) {
    try {
      return await postOnce(request);
    } catch (error) {
      if (!(error instanceof ApiError) || !error.retryableBySdk || retries >= maxRetries) throw error;
      await sleep(retryDelaySeconds(error.headers, retries) * 1000, undefined, { signal: request.signal });
    }
  }
}

/** One HTTP attempt; transport failures become the SDK's timeout or connection error. */
async function postOnce(request: ChatRequest): Promise<unknown> {
  request.signal.throwIfAborted();
  const signal = AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs)]);
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...request.headers },
      body: JSON.stringify(request.body),
      signal,
    });
    text = await response.text();
  } catch (error) {
    request.signal.throwIfAborted();
    throw (error as Error).name === 'TimeoutError' ? timeoutError() : connectionError();
  }
  if (!response.ok) throw makeStatusError(response.status, text, response.headers);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('JSONDecodeError', pythonJsonError(text));
  }
}

/** The SDK's `_calculate_retry_timeout`. */
function retryDelaySeconds(headers: Headers | undefined, retriesDone: number): number {
  const retryAfter = parseRetryAfter(headers);
  if (retryAfter !== undefined && retryAfter > 0 && retryAfter <= 60) return retryAfter;
  const base = Math.min(initialRetryDelay * 2 ** retriesDone, maxRetryDelay);
  return base * (1 - 0.25 * Math.random());
}

/** `retry-after-ms`, else `retry-after` in seconds or as an HTTP date. */
function parseRetryAfter(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms)) return ms / 1000;
  const value = headers?.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : (date - Date.now()) / 1000;
}
