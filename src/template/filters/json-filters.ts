/**
 * TEA's extra filters (core.md §3.1) and Jinja's `tojson`, with Python-equal output:
 * `json` keeps insertion order, `tojson` sorts keys and escapes `< > & '`, both escape
 * non-ASCII; `fromjson` returns its input unchanged when it does not parse; `sha256` hashes
 * Python's `str(v)`.
 */
import { createRequire } from 'node:module';
import { htmlSafeJson, pyJsonDumps } from '../python/json.js';
import { pyStr } from '../python/repr.js';
import type { FilterFn } from '../runtime.js';
import { bind, strict } from './signature.js';

// node:crypto costs ~2 ms to import; load it when a template first hashes.
let crypto: typeof import('node:crypto') | undefined;
const sha256Hex = (text: string): string => {
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
};

const indentOf = (value: unknown): number | null => (typeof value === 'number' ? value : null);

export const jsonFilters: Record<string, FilterFn> = {
  tojson: strict((value, raw) => htmlSafeJson(value, indentOf(bind('tojson', ['indent'], raw).indent))),
  json: strict((value, raw) => pyJsonDumps(value, { indent: indentOf(bind('json', ['indent'], raw).indent) })),
  fromjson: (value) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  },
  sha256: strict((value) => sha256Hex(pyStr(value))),
};
