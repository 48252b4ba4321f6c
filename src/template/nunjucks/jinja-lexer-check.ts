/**
 * Jinja2's lexer rejects characters nunjucks happily tokenises, and reports them as
 * `unexpected char '\\' at 54` (the offset into the template). TEA's users meet this when a
 * Python `run:` block has escaped quotes inside `{{ }}`, and the docs tell them to look for
 * it, so before nunjucks parses we scan the source the way Jinja2 would (nunjucks accepts
 * some of these silently). Runs once per compiled template; compiled templates are cached.
 */
import { stringRepr } from '../python/repr.js';

// Jinja2's token patterns inside {{ }} / {% %}, sticky so the scan stays linear.
const WHITESPACE = /\s+/y;
const TOKENS = [
  /('([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)")/sy,
  /\d[\d_]*(\.\d[\d_]*)?([eE][-+]?\d[\d_]*)?/y,
  /[\p{L}_][\p{L}\p{N}_]*/uy,
  /(\/\/|\*\*|==|!=|>=|<=|[-+/*%~[\](){}><=.:|,;])/y,
];

interface Found {
  message: string;
}

/**
 * Jinja2's lexer error for `template`, if any: the first character it cannot tokenise, or a
 * closing bracket that does not match. `expression` scans the text as the inside of `{{ }}`,
 * as `compile_expression` does, so offsets count from the expression's start.
 */
export function findLexerError(template: string, mode: 'template' | 'expression'): Found | null {
  // Jinja2 normalises newlines before lexing, so offsets count "\n" once.
  const source = template.replace(/\r\n?/g, '\n');
  if (mode === 'expression') {
    const result = scanCode(source, 0, null);
    return typeof result === 'number' ? null : result;
  }
  let pos = 0;
  while (pos < source.length) {
    const open = /\{([{%#])[-+]?/g;
    open.lastIndex = pos;
    const m = open.exec(source);
    if (!m) return null;
    if (m[1] === '#') {
      const end = source.indexOf('#}', m.index + 2);
      if (end < 0) return null;
      pos = end + 2;
      continue;
    }
    const result = scanCode(source, m.index + m[0].length, m[1] === '{' ? '}}' : '%}');
    if (typeof result !== 'number') return result;
    pos = skipRaw(source, m.index, result);
  }
  return null;
}

const PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Scan one tag body; returns the offset after its closer, or the error found. */
function scanCode(source: string, from: number, closer: string | null): number | Found {
  const close = closer === null ? null : new RegExp(`[-+]?${closer.replace(/[{}%]/g, '\\$&')}`, 'y');
  const match = (re: RegExp, at: number): string | null => {
    re.lastIndex = at;
    return re.exec(source)?.[0] ?? null;
  };
  const stack: string[] = [];
  let pos = from;
  while (pos < source.length) {
    const ws = match(WHITESPACE, pos);
    if (ws) {
      pos += ws.length;
      continue;
    }
    // Jinja2 only ends a tag outside brackets, so `{{ {'a': {'b': 1}} }}` is one expression.
    const end = close && stack.length === 0 ? match(close, pos) : null;
    if (end) return pos + end.length;
    let token: string | null = null;
    for (const re of TOKENS) token ??= match(re, pos);
    if (token === null) return { message: `unexpected char ${stringRepr(source[pos] ?? '')} at ${pos}` };
    if (PAIRS[token]) stack.push(PAIRS[token]);
    else if (token === ')' || token === ']' || token === '}') {
      const expected = stack.pop();
      if (expected === undefined) return { message: `unexpected '${token}'` };
      if (expected !== token) return { message: `unexpected '${token}', expected '${expected}'` };
    }
    pos += token.length;
  }
  return source.length;
}

/** After `{% raw %}`, jump past `{% endraw %}` as Jinja2 does. */
function skipRaw(source: string, tagStart: number, after: number): number {
  if (!/^\{%[-+]?\s*raw\s*[-+]?%\}$/.test(source.slice(tagStart, after))) return after;
  const end = /\{%[-+]?\s*endraw\s*[-+]?%\}/g;
  end.lastIndex = after;
  const m = end.exec(source);
  return m ? m.index + m[0].length : source.length;
}
