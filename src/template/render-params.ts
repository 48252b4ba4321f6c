/**
 * TEA's `process_params` for `with:` (core.md §2.5 step 2): strings are templates (a single
 * `{{ expr }}` keeps its native type), mappings recurse, lists are processed one level deep
 * (their strings templated, their mappings recursed, nested lists left alone), anything
 * else passes through. Returns new containers; the input is not modified.
 */
import { assignTemplate, processTemplate } from './process-template.js';
import { isDict } from './python/values.js';
import type { TemplateContext } from './types.js';

// Strings are assigned with assignTemplate: `{{ state.avg }}` of a Python float stays one.
function renderMapping(mapping: Record<string, unknown>, ctx: TemplateContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(mapping)) {
    if (typeof value === 'string') assignTemplate(out, key, value, ctx);
    else out[key] = Array.isArray(value) ? renderList(value, ctx) : renderParams(value, ctx);
  }
  return out;
}

function renderList(items: unknown[], ctx: TemplateContext): unknown[] {
  const out: unknown[] = [];
  items.forEach((item, index) => {
    if (typeof item === 'string') assignTemplate(out, index, item, ctx);
    else out[index] = isDict(item) ? renderMapping(item, ctx) : item;
  });
  return out;
}

export function renderParams(value: unknown, ctx: TemplateContext): unknown {
  if (typeof value === 'string') return processTemplate(value, ctx);
  if (isDict(value)) return renderMapping(value, ctx);
  if (Array.isArray(value)) return renderList(value, ctx);
  return value;
}
