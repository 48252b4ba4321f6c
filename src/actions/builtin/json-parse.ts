import { pyTypeName } from '../../spec/findings.js';
import { pyTruthy } from '../../template/index.js';
import { pythonJsonError } from '../../util/python-json-error.js';
import { makeActionError, throwOnMissingParams } from '../action-error.js';
import type { Action } from '../types.js';
import { parseJsonKeepingFloats } from '../../util/python-floats.js';

/**
 * `json.parse` (`text`, `strict`, `default`): `{data, success: true}`, or TEA's failure
 * `{success: false, error: "JSON parse error: <msg>", error_type: "parse", position: {line, column}}`.
 * With `strict: false`, `default` (when not None) replaces a parse error, else comments and
 * trailing commas are stripped and the text is parsed again.
 */
export const jsonParse: Action = (params, context) => {
  throwOnMissingParams(params, 'json_parse', ['text'], context.node);
  const text = params.text;
  if (text === null || text === undefined) return { success: false, error: 'Input text is None', error_type: 'parse' };
  if (typeof text !== 'string') {
    throw makeActionError('TypeError', `the JSON object must be str, bytes or bytearray, not ${pyTypeName(text)}`, context.node);
  }
  const first = tryParse(text);
  if (first.ok) return { data: first.data, success: true };
  const strict = !('strict' in params) || pyTruthy(params.strict);
  if (!strict && params.default !== null && params.default !== undefined) return { data: params.default, success: true };
  if (!strict) {
    const second = tryParse(stripLenientSyntax(text));
    if (second.ok) return { data: second.data, success: true };
  }
  return { success: false, error: `JSON parse error: ${first.message}`, error_type: 'parse', position: { line: first.line, column: first.column } };
};

type Parsed = { ok: true; data: unknown } | { ok: false; message: string; line: number; column: number };

/** JSON.parse with Python's `JSONDecodeError` fields (`msg`, `lineno`, `colno`) on failure. */
function tryParse(text: string): Parsed {
  // Python refuses a leading BOM in a str with its own message.
  if (text.startsWith('\uFEFF')) return { ok: false, message: 'Unexpected UTF-8 BOM (decode using utf-8-sig)', line: 1, column: 1 };
  try {
    return { ok: true, data: parseJsonKeepingFloats(text) };
  } catch {
    const match = /^(.*): line (\d+) column (\d+) \(char \d+\)$/s.exec(pythonJsonError(text));
    if (!match) return { ok: false, message: pythonJsonError(text), line: 1, column: 1 };
    return { ok: false, message: match[1]!, line: Number(match[2]), column: Number(match[3]) };
  }
}

// TEA's best-effort cleanup: line and block comments, then trailing commas (inside strings too, as TEA does).
function stripLenientSyntax(text: string): string {
  return text
    .replace(/\/\/.*$/gm, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/,\s*([}\]])/g, '$1');
}
