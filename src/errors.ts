/**
 * Every error tea raises on purpose. `code` is a closed union so callers classify by code,
 * never by message text; context fields let renderers name the file, node and YAML line.
 */
export type TeaErrorCode =
  /** The YAML text does not parse. */
  | 'YAML_PARSE'
  /** The workflow parses but breaks a structural rule (see `spec/validate`). */
  | 'INVALID_WORKFLOW'
  /** A file named by the user or the workflow is missing or unreadable. */
  | 'FILE_NOT_FOUND'
  /** A command-line value is malformed (`--input`, `--fail-on-state`, ...). */
  | 'BAD_INPUT'
  /** A template failed to render or evaluate. */
  | 'TEMPLATE'
  /** A node's code or action failed while running. */
  | 'NODE_FAILED'
  /** Navigation found no successor for a node. */
  | 'NO_NEXT_NODE'
  /** A language runtime (python3, lua, swipl) is missing or broke. */
  | 'RUNTIME_UNAVAILABLE'
  /** A `uses:` name that tea does not provide. */
  | 'UNKNOWN_ACTION'
  /** A value cannot cross a process boundary as JSON. */
  | 'NOT_SERIALIZABLE'
  /** A checkpoint file that cannot be read as one (`tea resume`). */
  | 'BAD_CHECKPOINT'
  /** A scoped run (`--entry-point`/`--exit-point`) that cannot run. */
  | 'SCOPE'
  /** A parallel branch failed and the fan-out's policy turns that into a run failure. */
  | 'BRANCH_FAILED'
  /** A child process broke its protocol (no JSON on stdout, ...). */
  | 'CHILD_PROTOCOL'
  /** Something tea itself got wrong. */
  | 'INTERNAL';

export interface TeaErrorContext {
  file?: string;
  node?: string;
  line?: number;
  column?: number;
  branch?: string;
  cause?: unknown;
  /** Extra detail shown only with `--verbose` (a Python traceback, a child's stderr tail). */
  detail?: string;
  /** The template text that failed to render, for TEMPLATE errors. */
  template?: string;
}

const brand = Symbol.for('tea.error');

/** One base class with a code and context, as execa's ExecaError carries its command. */
export class TeaError extends Error {
  readonly code: TeaErrorCode;
  readonly file?: string;
  readonly node?: string;
  readonly line?: number;
  readonly column?: number;
  readonly branch?: string;
  readonly detail?: string;
  readonly template?: string;
  readonly [brand] = true;

  constructor(code: TeaErrorCode, message: string, context: TeaErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.code = code;
    this.file = context.file;
    this.node = context.node;
    this.line = context.line;
    this.column = context.column;
    this.branch = context.branch;
    this.detail = context.detail;
    this.template = context.template;
  }

  /** The message with its location, for a person: `wf.yaml:12:5: node 'b': boom`. */
  get located(): string {
    const where = [this.file, this.line, this.column].filter((part) => part !== undefined).join(':');
    const node = this.node === undefined ? '' : `node '${this.node}': `;
    return `${where ? `${where}: ` : ''}${node}${this.message}`;
  }
}
TeaError.prototype.name = 'TeaError';

export function isTeaError(value: unknown): value is TeaError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/**
 * The type name of an error as a user would match it in `retry_on`: the Python exception
 * class behind a Python block's error, a JavaScript error's name, else our code.
 */
export function errorTypeOf(error: unknown): string {
  const cause = isTeaError(error) ? error.cause : error;
  const python = (cause as { pythonType?: unknown } | undefined)?.pythonType;
  if (typeof python === 'string') return python;
  if (isTeaError(error)) {
    const name = (cause as { name?: unknown } | undefined)?.name;
    return typeof name === 'string' && name !== 'Error' ? name : error.code;
  }
  const name = (error as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' ? name : 'Error';
}

/** Text of any thrown value, the way Python's `str(e)` would show it to a TEA user. */
export function errorText(error: unknown): string {
  // Duck-typed: errors thrown inside node:vm contexts are not `instanceof Error` here.
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}
