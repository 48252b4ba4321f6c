import { throwOnMissingParams } from '../action-error.js';
import type { Action } from '../types.js';
import { requestJson } from './http-request.js';

/** `http.get` (`url`, `headers`): the parsed JSON body (the engine merges a mapping, wraps a list as `result`). */
export const httpGet: Action = (params, context) => {
  throwOnMissingParams(params, 'http_get', ['url'], context.node);
  return requestJson({ method: 'GET', url: params.url, headers: params.headers, timeout: params.timeout }, context);
};
