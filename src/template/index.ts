/**
 * Templates with TEA's Jinja2 semantics on nunjucks (core.md §3).
 *
 * Start-up cost, measured on the dev container (Node 20, compiled JS, median of 9 runs):
 * - importing this module: ~25 ms over an empty module — it is the ESM loading of the
 *   ~37 small files below (37 empty chained modules cost ~14 ms here); module-level work is
 *   only function and table definitions;
 * - first render: ~10 ms more — nunjucks' lexer/parser/compiler/runtime are `require`d on
 *   first use (all of `nunjucks` would be ~55 ms) and the first template is compiled;
 * - each new template: ~0.5 ms to compile, then cached;
 * - warm render: ~2 µs for `{{ state.n + 1 }}`, ~2 µs for a two-line `run:` pre-render,
 *   ~3 µs for a condition.
 */
export type { ConditionKind, TemplateContext } from './types.js';
export { assignTemplate, processTemplate, renderString } from './process-template.js';
export { renderParams } from './render-params.js';
export { conditionSyntaxError, evaluateCondition } from './conditions.js';
export { pyRepr, pyStr } from './python/repr.js';
export { pyTruthy } from './python/values.js';
/** Python `==`, ordering (TypeError across types) and `in`, for code outside templates that must agree with them. */
export { pyContains, pyEq, pyOrder } from './python/compare.js';
