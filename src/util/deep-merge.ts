import { isPlainMapping } from './json-value.js';

/** Recursive merge of mappings (lists and scalars replaced), as TEA's `deep_merge`. */
export function deepMerge(base: Record<string, unknown>, updates: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(updates)) {
    const current = merged[key];
    merged[key] = isPlainMapping(current) && isPlainMapping(value) ? deepMerge(current, value) : value;
  }
  return merged;
}
