import { throwOnMissingParams } from '../action-error.js';
import type { Action } from '../types.js';
import { requestJson } from './http-request.js';

/** `http.post` (`url`, `json`, `headers`): sends `json` as the body; returns the parsed JSON response. */
export const httpPost: Action = (params, context) => {
  throwOnMissingParams(params, 'http_post', ['url'], context.node);
  return requestJson({ method: 'POST', url: params.url, headers: params.headers, json: params.json, timeout: params.timeout }, context);
};
