/**
 * Conditions (core.md §3.5). TEA has two evaluators that disagree on odd inputs; following
 * the spec's recommendation we use ONE, for every kind:
 * - (a)'s shortcuts: non-strings → bool(); `True`/`False` literals; `!name` →
 *   `not state.get(name)`; a bare identifier → `bool(state.get(name))` (so `true` is a state
 *   lookup — except in edge `when:`, where the strings true/false are constants first);
 * - otherwise text with `{{`/`{%` is rendered as is, anything else as `{{ text }}`, and the
 *   result is judged by Python truthiness (so the string "false" is true, `[]` is false);
 * - goto semantics for failures: a runtime error (`1/0`, `None > 5`) is false — TEA's
 *   edges took such edges (§9 item 9, not copied) — except in a while_loop's condition,
 *   where it is true as in TEA, so `state.count < 3` loops from a missing count (C24);
 * - an undefined name or syntax error is a TEMPLATE TeaError for edge/when/loop (TEA crashed
 *   with a traceback, §9 item 3; the engine reports ours as a node error) and false for goto;
 * - goto sees an empty `result` when the caller gives none, as in TEA.
 */
import { isTeaError } from '../errors.js';
import { compileError } from './environment.js';
import { JinjaError } from './errors.js';
import { evaluateExpression, renderString, singleExpression } from './process-template.js';
import { hasOwn, isDict, pyTruthy } from './python/values.js';
import type { ConditionKind, TemplateContext } from './types.js';

// Python's str.isidentifier(): a letter or underscore, then letters, digits, marks, underscores.
const IDENTIFIER = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u;

function stateGet(ctx: TemplateContext, name: string): unknown {
  const state = ctx.state;
  return isDict(state) && hasOwn(state, name) ? state[name] : false;
}

export function evaluateCondition(expr: unknown, ctx: TemplateContext, kind: ConditionKind): boolean {
  if (typeof expr !== 'string') return pyTruthy(expr);
  const text = expr.trim();
  if (kind === 'when' && /^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  if (text === 'True') return true;
  if (text === 'False') return false;
  if (text.startsWith('!') && !text.startsWith('{{')) {
    const name = text.slice(1).trim();
    if (IDENTIFIER.test(name)) return !pyTruthy(stateGet(ctx, name));
  }
  if (IDENTIFIER.test(text)) return pyTruthy(stateGet(ctx, text));
  const source = text.includes('{{') || text.includes('{%') ? text : `{{ ${text} }}`;
  const scope = kind === 'goto' && ctx.result === undefined ? { ...ctx, result: {} } : ctx;
  try {
    return evaluateSource(source, scope, kind === 'loop');
  } catch (error) {
    if (kind === 'goto') return false;
    throw error;
  }
}

/** Truthiness of the rendered condition; a runtime error is `onRuntimeError`, Jinja errors throw. */
function evaluateSource(source: string, ctx: TemplateContext, onRuntimeError: boolean): boolean {
  const expr = singleExpression(source);
  if (expr !== undefined) {
    const outcome = evaluateExpression(expr, ctx);
    return outcome.ok ? pyTruthy(outcome.value) : onRuntimeError;
  }
  try {
    return pyTruthy(renderString(source, ctx));
  } catch (error) {
    if (isTeaError(error) && error.cause instanceof JinjaError) throw error;
    return onRuntimeError;
  }
}

/**
 * Why a condition cannot be compiled, or undefined (`tea validate`'s INVALID_CONDITION, as
 * TEA checks it): text with `{{`/`{%` as a template, anything else as one expression.
 */
export function conditionSyntaxError(expr: string): string | undefined {
  return expr.includes('{{') || expr.includes('{%') ? compileError(expr, 'template') : compileError(expr, 'expression');
}
