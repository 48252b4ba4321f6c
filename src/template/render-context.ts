/**
 * What a template's top-level names resolve to (core.md §3.2): the caller's context, each
 * mapping wrapped in a DotDict on first use (so `state.update(…)` then `state.x` see one
 * copy, as in TEA), with TEA's defaults for absent roots; then the globals; otherwise a
 * StrictUndefined that fails when used.
 */
import { isDict, hasOwn, Undef } from './python/values.js';
import { toDotDict } from './python/dotdict.js';
import type { TemplateContext } from './types.js';

const DEFAULT_ROOTS: Record<string, unknown> = {
  state: {},
  variables: {},
  secrets: {},
  settings: {},
  data: {},
  checkpoint: { dir: '', last: '' },
};

export class RenderContext {
  private readonly roots: TemplateContext;
  private readonly globals: Record<string, unknown>;
  private readonly resolved = new Map<string, unknown>();

  constructor(roots: TemplateContext, globals: Record<string, unknown>) {
    this.roots = roots;
    this.globals = globals;
  }

  resolve(name: string): unknown {
    if (this.resolved.has(name)) return this.resolved.get(name);
    let value = hasOwn(this.roots, name) ? this.roots[name] : undefined;
    if (value === undefined) value = name === 'env' ? process.env : hasOwn(DEFAULT_ROOTS, name) ? DEFAULT_ROOTS[name] : undefined;
    if (value === undefined) {
      return hasOwn(this.globals, name) ? this.globals[name] : new Undef(`'${name}' is undefined`);
    }
    const wrapped = isDict(value) || value === process.env ? toDotDict(value as Record<string, unknown>) : value;
    this.resolved.set(name, wrapped);
    return wrapped;
  }

  // Called by compiled `{% set %}` and macros at top level; the frame already holds the value.
  setVariable(): void {}

  addExport(): void {}
}
