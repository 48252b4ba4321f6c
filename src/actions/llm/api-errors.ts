import { pyRepr } from '../../template/index.js';

/**
 * A failed chat-completion request, named and worded as the OpenAI Python SDK (which TEA
 * uses) raises it: `RateLimitError: Error code: 429 - {...}`, `APITimeoutError: Request timed out.`
 */
export class ApiError extends Error {
  constructor(
    readonly pythonType: string,
    message: string,
    readonly status?: number,
    readonly headers?: Headers,
  ) {
    super(message);
  }

  /** The SDK retries 408, 409, 429, 5xx, timeouts and connection errors, unless the server says `x-should-retry`. */
  get retryableBySdk(): boolean {
    const verdict = this.headers?.get('x-should-retry');
    if (verdict === 'true') return true;
    if (verdict === 'false') return false;
    if (this.status === undefined) return this.pythonType === 'APITimeoutError' || this.pythonType === 'APIConnectionError';
    return this.status === 408 || this.status === 409 || this.status === 429 || this.status >= 500;
  }
}
ApiError.prototype.name = 'ApiError';

const statusTypes: Record<number, string> = {
  400: 'BadRequestError',
  401: 'AuthenticationError',
  403: 'PermissionDeniedError',
  404: 'NotFoundError',
  409: 'ConflictError',
  422: 'UnprocessableEntityError',
  429: 'RateLimitError',
};

/** The SDK's error for an HTTP error status: `Error code: N - <body as a Python value>`. */
export function makeStatusError(status: number, bodyText: string, headers: Headers): ApiError {
  const text = bodyText.trim();
  let message: string;
  try {
    message = `Error code: ${status} - ${pyRepr(JSON.parse(text))}`;
  } catch {
    message = text || `Error code: ${status}`;
  }
  const type = statusTypes[status] ?? (status >= 500 ? 'InternalServerError' : 'APIStatusError');
  return new ApiError(type, message, status, headers);
}

export const timeoutError = () => new ApiError('APITimeoutError', 'Request timed out.');
export const connectionError = () => new ApiError('APIConnectionError', 'Connection error.');
