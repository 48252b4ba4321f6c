/**
 * The two kinds of failure a Jinja2 render has, kept apart because TEA treats them apart
 * (core.md §3.3): a Jinja `TemplateError` (syntax, undefined name, unknown filter) is reported
 * with TEA's "Template error" prefix, while any other Python exception makes a single
 * expression return its original text and otherwise propagates as `str(e)`.
 */

/** A Jinja2 TemplateError (TemplateSyntaxError, UndefinedError, TemplateAssertionError). */
export class JinjaError extends Error {
  override readonly name = 'JinjaError';
}

/** A Python exception raised by an operation; `message` is what Python's `str(e)` shows. */
export class PyError extends Error {
  override readonly name = 'PyError';
  /** The Python class name, e.g. `TypeError`, `ZeroDivisionError`. */
  readonly pyType: string;

  constructor(pyType: string, message: string) {
    super(message);
    this.pyType = pyType;
  }
}

/** Shorthands for the Python exceptions templates raise most. */
export const typeError = (message: string): PyError => new PyError('TypeError', message);
export const valueError = (message: string): PyError => new PyError('ValueError', message);
export const zeroDivision = (message: string): PyError => new PyError('ZeroDivisionError', message);
