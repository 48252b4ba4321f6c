/**
 * Lexer fixes where nunjucks tokenises differently from Jinja2, done by wrapping
 * `nextToken` of nunjucks' tokenizer:
 * - inside brackets `}}` is two `}`, so `{{ x == {'a': {'b': 1}} }}` is one expression
 *   (nunjucks ended the tag at the first `}}`);
 * - number literals with exponents or underscores (`1e-7`, `1_000`);
 * - `x.0.name`: after a `.`, digits are an index (nunjucks read `0.` as a float).
 */
import type { NjToken, Nunjucks } from './internals.js';

interface Tokenizer {
  str: string;
  index: number;
  lineno: number;
  colno: number;
  in_code: boolean;
  nextToken(): NjToken | null;
  forward(): void;
}

const NUMBER = /(\d[\d_]*)(\.\d[\d_]*)?([eE][-+]?\d[\d_]*)?/y;
const DIGITS = /\d+/y;
const NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

export function lex(nj: Nunjucks, source: string): Tokenizer {
  const L = nj.lexer;
  const tokens = L.lex(source, {}) as Tokenizer;
  const original = tokens.nextToken.bind(tokens);
  let depth = 0;
  let previous: NjToken | null = null;

  const take = (type: string, text: string, value = text): NjToken => {
    const token = { type, value, lineno: tokens.lineno, colno: tokens.colno };
    for (let i = 0; i < text.length; i += 1) tokens.forward();
    return token;
  };

  const special = (): NjToken | null => {
    if (!tokens.in_code) return null;
    const ch = tokens.str[tokens.index];
    if (ch === '}' && depth > 0) return take(L.TOKEN_RIGHT_CURLY, '}');
    if (ch === undefined || ch < '0' || ch > '9') return null;
    const last = previous;
    if (last !== null && last.type === L.TOKEN_OPERATOR && last.value === '.') {
      DIGITS.lastIndex = tokens.index;
      return take(L.TOKEN_INT, DIGITS.exec(tokens.str)?.[0] ?? ch);
    }
    NUMBER.lastIndex = tokens.index;
    const m = NUMBER.exec(tokens.str);
    if (!m || (!m[3] && !m[0].includes('_'))) return null;
    return take(m[2] || m[3] ? L.TOKEN_FLOAT : L.TOKEN_INT, m[0], m[0].replace(/_/g, ''));
  };

  tokens.nextToken = (): NjToken | null => {
    const token = special() ?? original();
    if (!token) return token;
    // nunjucks reads any run of non-delimiters as a name (`a"`, `x$`); Jinja2 does not.
    if (token.type === L.TOKEN_SYMBOL && !NAME.test(token.value)) throw new Error(`unexpected '${token.value}'`);
    if ([L.TOKEN_LEFT_PAREN, L.TOKEN_LEFT_BRACKET, L.TOKEN_LEFT_CURLY].includes(token.type)) depth += 1;
    else if ([L.TOKEN_RIGHT_PAREN, L.TOKEN_RIGHT_BRACKET, L.TOKEN_RIGHT_CURLY].includes(token.type)) depth = Math.max(0, depth - 1);
    else if (token.type === L.TOKEN_VARIABLE_END || token.type === L.TOKEN_BLOCK_END) depth = 0;
    if (token.type !== L.TOKEN_WHITESPACE) previous = token;
    return token;
  };
  return tokens;
}
