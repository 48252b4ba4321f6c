/**
 * TEA's `process_params` for `with:` (core.md §2.5 step 2): strings are templates (a single
 * `{{ expr }}` keeps its native type), mappings recurse, lists are processed one level deep
 * (their strings templated, their mappings recursed, nested lists left alone), anything
 * else passes through. Returns new containers; the input is not modified.
 */
import { processTemplate } from './process-template.js';
import { isDict } from './python/values.js';
import type { TemplateContext } from './types.js';

function renderMapping(mapping: Record<string, unknown>, ctx: TemplateContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(mapping)) {
    out[key] = Array.isArray(value) ? value.map((item) => renderListItem(item, ctx)) : renderParams(value, ctx);
  }
  return out;
}

function renderListItem(item: unknown, ctx: TemplateContext): unknown {
  if (typeof item === 'string') return processTemplate(item, ctx);
  return isDict(item) ? renderMapping(item, ctx) : item;
}

export function renderParams(value: unknown, ctx: TemplateContext): unknown {
  if (typeof value === 'string') return processTemplate(value, ctx);
  if (isDict(value)) return renderMapping(value, ctx);
  if (Array.isArray(value)) return value.map((item) => renderListItem(item, ctx));
  return value;
}
