import { TeaError } from '../../errors.js';
import { pyStr } from '../../template/index.js';
import { pythonJsonError } from '../../util/python-json-error.js';
import { pyJsonDumps } from '../../template/python/json.js';
import { makeActionError } from '../action-error.js';
import type { ActionContext } from '../types.js';
import { parseJsonKeepingFloats } from '../../util/python-floats.js';

export interface HttpRequestOptions {
  method: 'GET' | 'POST';
  url: unknown;
  headers?: unknown;
  json?: unknown;
  /** Seconds; TEA (`requests` without `timeout`) waits forever, which stays the default. */
  timeout?: unknown;
}

/**
 * One `requests.get/post(...).raise_for_status().json()` as TEA's http actions do it: the
 * parsed JSON body, or a raised error with `requests`' text (`404 Client Error: Not Found
 * for url: ...`). The run's abort signal stops the request.
 */
export async function requestJson(options: HttpRequestOptions, context: ActionContext): Promise<unknown> {
  const url = throwOnBadUrl(pyStr(options.url), context.node);
  const headers = normalizeHeaders(options.headers);
  const hasBody = options.json !== undefined && options.json !== null;
  if (hasBody && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  const timeoutMs = typeof options.timeout === 'number' && options.timeout > 0 ? options.timeout * 1000 : undefined;
  const signals = [context.signal, ...(timeoutMs === undefined ? [] : [AbortSignal.timeout(timeoutMs)])];
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { method: options.method, headers, body: hasBody ? pyJsonDumps(options.json) : undefined, signal: AbortSignal.any(signals) });
    text = await response.text();
  } catch (error) {
    if (context.signal.aborted) throw new TeaError('NODE_FAILED', 'Cancelled', { node: context.node });
    if ((error as Error).name === 'TimeoutError') {
      throw makeActionError('ReadTimeout', `${pool(url)}: Read timed out. (read timeout=${pyStr(options.timeout)})`, context.node);
    }
    throw makeActionError('ConnectionError', connectionErrorText(url, error), context.node);
  }
  throwOnHttpError(response, context.node);
  try {
    return parseJsonKeepingFloats(text);
  } catch {
    throw makeActionError('JSONDecodeError', pythonJsonError(text), context.node);
  }
}

/** `requests`' MissingSchema / InvalidSchema / InvalidURL texts. */
function throwOnBadUrl(url: string, node: string): URL {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) {
    throw makeActionError('MissingSchema', `Invalid URL '${url}': No scheme supplied. Perhaps you meant https://${url}?`, node);
  }
  if (!/^https?:\/\//i.test(url)) throw makeActionError('InvalidSchema', `No connection adapters were found for '${url}'`, node);
  try {
    return new URL(url);
  } catch {
    throw makeActionError('InvalidURL', `Invalid URL '${url}': No host supplied`, node);
  }
}

/** `headers or {}`, values as text (requests refuses other types; we convert). */
function normalizeHeaders(value: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [name, item] of Object.entries(value)) if (item !== null && item !== undefined) headers[name] = pyStr(item);
  }
  return headers;
}

/** `raise_for_status()`: 4xx is a Client Error, 5xx a Server Error. */
function throwOnHttpError(response: Response, node: string): void {
  const status = response.status;
  if (status < 400 || status >= 600) return;
  const kind = status < 500 ? 'Client' : 'Server';
  throw makeActionError('HTTPError', `${status} ${kind} Error: ${response.statusText} for url: ${response.url}`, node);
}

/** urllib3's name for the connection pool of a URL, which its error texts start with. */
function pool(url: URL): string {
  const https = url.protocol === 'https:';
  const port = url.port || (https ? '443' : '80');
  return `${https ? 'HTTPS' : 'HTTP'}ConnectionPool(host='${url.hostname}', port=${port})`;
}

const causes: Record<string, string> = {
  ECONNREFUSED: '[Errno 111] Connection refused',
  ECONNRESET: '[Errno 104] Connection reset by peer',
  ENOTFOUND: '[Errno -2] Name or service not known',
  EAI_AGAIN: '[Errno -3] Temporary failure in name resolution',
  EHOSTUNREACH: '[Errno 113] No route to host',
  ENETUNREACH: '[Errno 101] Network is unreachable',
};

/** urllib3's "Max retries exceeded" text, with the socket error Python would name. */
function connectionErrorText(url: URL, error: unknown): string {
  const cause = (error as { cause?: NodeJS.ErrnoException }).cause;
  const reason = (cause?.code && causes[cause.code]) || cause?.message || (error as Error).message;
  return `${pool(url)}: Max retries exceeded with url: ${url.pathname}${url.search} (Caused by NewConnectionError('Failed to establish a new connection: ${reason}'))`;
}
