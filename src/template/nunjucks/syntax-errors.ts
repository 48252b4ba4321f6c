/**
 * Turn a nunjucks parse failure into a one-line, Jinja2-like TemplateSyntaxError message:
 * nunjucks' text with its internal prefixes dropped, mapped to Jinja2's wording where
 * TEA users are likely to meet it. (Lexer errors are found earlier, see jinja-lexer-check.)
 */
import { JinjaError } from '../errors.js';

// The end tags Jinja2 lists when a block is left open, by block name.
const END_TAGS: Record<string, string[]> = {
  if: ['elif', 'else', 'endif'],
  for: ['endfor', 'else'],
  macro: ['endmacro'],
  call: ['endcall'],
  filter: ['endfilter'],
  set: ['endset'],
  block: ['endblock'],
  raw: ['endraw'],
};

/** Jinja2's "Unexpected end of template" message, naming the innermost open block. */
function endOfTemplate(source: string): string {
  const open: string[] = [];
  for (const m of source.matchAll(/\{%[-+]?\s*(\w+)([^%]*)/g)) {
    const [, tag = '', rest = ''] = m;
    if (tag.startsWith('end')) open.pop();
    else if (END_TAGS[tag] && !(tag === 'set' && rest.includes('='))) open.push(tag);
  }
  const innermost = open[open.length - 1];
  if (!innermost) return 'Unexpected end of template.';
  const expected = END_TAGS[innermost]!.map((t) => `'${t}'`).join(' or ');
  return `Unexpected end of template. Jinja was looking for the following tags: ${expected}. The innermost block that needs to be closed is '${innermost}'.`;
}

/** Jinja2's description of the token at `offset` (`describe_token`): names by value, others by kind. */
function describeTokenAt(source: string, offset: number): string {
  const rest = source.slice(offset);
  const patterns: Array<[RegExp, (m: string) => string]> = [
    [/^[-+]?\}\}/, () => 'end of print statement'],
    [/^[-+]?%\}/, () => 'end of statement block'],
    [/^['"]/, () => 'string'],
    [/^\d[\d_]*(\.\d|[eE])/, () => 'float'],
    [/^\d/, () => 'integer'],
    [/^[\p{L}_][\p{L}\p{N}_]*/u, (m) => m],
    [/^(\/\/|\*\*|==|!=|>=|<=|[^\s])/, (m) => m],
  ];
  for (const [pattern, describe] of patterns) {
    const m = pattern.exec(rest);
    if (m) return describe(m[0]);
  }
  return 'end of template';
}

/** The offset of nunjucks' 1-based line/column in `source`. */
function offsetOf(source: string, lineno: number, colno: number): number {
  const lines = source.split('\n').slice(0, lineno - 1);
  return lines.reduce((sum, line) => sum + line.length + 1, 0) + colno - 1;
}

type Render = (m: RegExpExecArray, source: string, at: number | undefined) => string;

const MAPPED: Array<[RegExp, Render]> = [
  [/unexpected token: \}\}/, () => "Expected an expression, got 'end of print statement'"],
  [/unexpected token: %\}/, () => "Expected an expression, got 'end of statement block'"],
  [/expected variable end/, (_m, source, at) =>
    `expected token 'end of print statement'${at === undefined ? '' : `, got '${describeTokenAt(source, at)}'`}`],
  [/expected block end in (\w+) statement/, (m) => `expected token 'end of statement block' in '${m[1]}'`],
  [/unknown block tag: (\w+)/, (m) => `Encountered unknown tag '${m[1]}'.`],
  [/expected (elif, else, or endif|endfor)|unexpected end of file|got end of file/, (_m, source) => endOfTemplate(source)],
  [/expected end of comment/, () => 'Missing end of comment tag'],
  [/unexpected token: (\S+)/, (m) => `unexpected '${m[1]}'`],
];

/**
 * `source` is what nunjucks parsed; in 'expression' mode (Jinja2's compile_expression) a
 * leftover token is "chunk after expression".
 */
export function toSyntaxError(error: unknown, source: string, mode: 'template' | 'expression'): JinjaError {
  if (error instanceof JinjaError) return error;
  const raw = error instanceof Error ? error.message : String(error);
  // nunjucks prefixes messages with the parser method ("parseAggregate: …").
  const text = (raw.split('\n').find((line) => line.trim() !== '') ?? raw).trim().replace(/^\w+: /, '');
  if (mode === 'expression' && /expected variable end/.test(text)) return new JinjaError('chunk after expression');
  const { lineno, colno } = error as { lineno?: number; colno?: number };
  const at = lineno && colno ? offsetOf(source, lineno, colno) : undefined;
  for (const [pattern, render] of MAPPED) {
    const m = pattern.exec(text);
    if (m) return new JinjaError(render(m, source, at));
  }
  return new JinjaError(text);
}
