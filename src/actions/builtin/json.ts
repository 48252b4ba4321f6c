import { pythonJsonError } from '../../util/python-json-error.js';
import { pyJsonDumps } from '../../util/python-json.js';
import type { Action } from '../types.js';

/** `json.parse`: `{data, success}`, or TEA's failure shape with Python's error text. */
export const jsonParse: Action = (params) => {
  const text = params.text;
  if (text === null || text === undefined) return { success: false, error: 'Input text is None', error_type: 'parse' };
  if (typeof text !== 'string') return { data: text, success: true };
  try {
    return { data: JSON.parse(text) as unknown, success: true };
  } catch {
    if ('default' in params) return { data: params.default, success: true };
    const message = pythonJsonError(text);
    const position = Number(/\(char (\d+)\)$/.exec(message)?.[1] ?? 0);
    return { success: false, error: `JSON parse error: ${message}`, error_type: 'parse', position };
  }
};

/** `json.stringify`: `{text, success}` in Python's json.dumps format. */
export const jsonStringify: Action = (params) => {
  const indent = typeof params.indent === 'number' ? params.indent : undefined;
  const text = pyJsonDumps(params.data, { indent, sortKeys: params.sort_keys === true, ensureAscii: false });
  return { text, success: true };
};
