/**
 * TEA's `process_template` (core.md §3.3): a value that is exactly one `{{ expr }}` yields the
 * expression's native value; other text with template syntax renders to a string with
 * Python `str()` of values, then `${NAME}` takes `variables[NAME]`.
 */
import { TeaError } from '../errors.js';
import { run } from './environment.js';
import { JinjaError, PyError } from './errors.js';
import { pyStr } from './python/repr.js';
import { Undef, hasOwn, isDict } from './python/values.js';
import type { TemplateContext } from './types.js';
import { FloatResult } from './runtime.js';
import { markFloat } from '../util/python-floats.js';

// TEA's pattern: one `{{ … }}` whose body may hold single `}` but never `}}`.
const SINGLE_EXPRESSION = /^\{\{\s*([^}]+(?:\}(?!\})[^}]*)*)\s*\}\}$/;
const VARIABLE_REF = /\$\{([^}]+)\}/g;

/** The expression of a value that is exactly one `{{ … }}`, else undefined. */
export function singleExpression(text: string): string | undefined {
  const stripped = text.trim();
  const match = SINGLE_EXPRESSION.exec(stripped);
  if (!match || stripped.includes('{%') || stripped.split('{{').length !== 2) return undefined;
  return (match[1] ?? '').trim();
}

/** `float`: the value is a number that was read as a Python float (`{{ state.avg }}` of a 2.0). */
export type ExpressionOutcome = { ok: true; value: unknown; float?: boolean } | { ok: false; error: unknown };

/** Evaluate one expression; a Jinja error throws TEA's TEMPLATE error, any other error is returned. */
export function evaluateExpression(expr: string, ctx: TemplateContext): ExpressionOutcome {
  try {
    const value = run(expr, 'expression', ctx);
    if (value instanceof FloatResult) return { ok: true, value: value.value, float: true };
    // Jinja2's compile_expression turns an undefined result into None.
    return { ok: true, value: value instanceof Undef ? null : value };
  } catch (error) {
    if (error instanceof JinjaError) {
      throw new TeaError('TEMPLATE', `Template error in expression '{{ ${expr} }}': ${error.message}`, { cause: error });
    }
    return { ok: false, error };
  }
}

const hasTemplateSyntax = (text: string): boolean => text.includes('{{') || text.includes('{%') || text.includes('${');

export function processTemplate(value: unknown, ctx: TemplateContext): unknown {
  return processTemplateKeepingFloat(value, ctx).value;
}

/** `processTemplate`, saying whether its value is a Python float, for callers that store it. */
export function processTemplateKeepingFloat(value: unknown, ctx: TemplateContext): { value: unknown; float: boolean } {
  if (typeof value !== 'string') return { value, float: false };
  const expr = singleExpression(value);
  if (expr !== undefined) {
    const outcome = evaluateExpression(expr, ctx);
    return outcome.ok ? { value: outcome.value, float: outcome.float === true } : { value, float: false };
  }
  return { value: hasTemplateSyntax(value) ? renderText(value, ctx) : value, float: false };
}

/** `target[key] = processTemplate(template)`, a Python float staying one. */
export function assignTemplate(target: object, key: string | number, template: unknown, ctx: TemplateContext): unknown {
  const { value, float } = processTemplateKeepingFloat(template, ctx);
  (target as Record<string | number, unknown>)[key] = value;
  if (float) markFloat(target, key, value as number);
  return value;
}

/**
 * Steps 4–5: string render, then `${NAME}`. Text with no `{{`, `{%` or `${` is returned as is
 * — TEA's step 3 does not look for `{#`, so a lone `{#` in `run:` code is not a comment.
 */
export function renderString(text: string, ctx: TemplateContext): string {
  return hasTemplateSyntax(text) ? renderText(text, ctx) : text;
}

function renderText(text: string, ctx: TemplateContext): string {
  let rendered: string;
  try {
    rendered = run(text, 'template', ctx) as string;
  } catch (error) {
    // Jinja errors get TEA's prefix; other exceptions propagate as Python's str(e).
    const prefix = error instanceof JinjaError ? 'Template error: ' : '';
    const message = error instanceof Error ? error.message : String(error);
    const detail = error instanceof PyError ? `${error.pyType}: ${message}` : undefined;
    throw new TeaError('TEMPLATE', prefix + message, { cause: error, detail, template: text });
  }
  const variables = isDict(ctx.variables) ? ctx.variables : {};
  return rendered.replace(VARIABLE_REF, (whole, name: string) => (hasOwn(variables, name) ? pyStr(variables[name]) : whole));
}
