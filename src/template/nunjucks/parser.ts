/**
 * Parser patches that give nunjucks Jinja2's grammar where TEA workflows notice:
 * - subscripts: `x[1:2]`, `x[::-1]`, `x[:3]` (nunjucks: "parseAggregate: expected comma"),
 *   and `x.0` as an item lookup;
 * - precedence: Jinja2 parses `+ -`, then `~`, then `* / // %` as left-associative levels;
 *   nunjucks gives each operator its own level, so `3 * 5 // 2` became `3 * (5 // 2)`.
 * - tests with one bare argument: `x is divisibleby 3`, `x is in [1, 2]`;
 * - trailing commas: `(1,)`, `[1, 2,]` (nunjucks: "unexpected )").
 * Dot lookups are marked (`node.dot`) because Jinja2 resolves `x.a` and `x['a']` differently.
 */
import type { NjNode, NjToken, Nunjucks } from './internals.js';

// nunjucks parser internals are untyped; this is the part we call.
interface ParserSelf {
  peekToken(): NjToken | null;
  nextToken(): NjToken | null;
  skip(type: string): boolean;
  skipValue(type: string, value: string): boolean;
  expect(type: string): NjToken;
  fail(message: string, lineno?: number, colno?: number): never;
  parseExpression(): NjNode;
  parseSignature(): NjNode;
  parsePow(): NjNode;
  parseMul(): NjNode;
  parseTilde(): NjNode;
  parseSubscript(open: NjToken): NjNode;
  parsePrimary(noPostfix?: boolean): NjNode;
  parsePostfix(node: NjNode): NjNode;
  parseCompare(): NjNode;
  skipSymbol(value: string): boolean;
}

export function makeParser(nj: Nunjucks): unknown {
  const { lexer: L, nodes } = nj;
  const Slice = nodes.Node.extend('Slice', { fields: ['start', 'stop', 'step'] });
  // Tokens that may start the bare argument of a test (Jinja2's parse_test).
  const TEST_ARGUMENT_START = [L.TOKEN_SYMBOL, L.TOKEN_STRING, L.TOKEN_INT, L.TOKEN_FLOAT, L.TOKEN_BOOLEAN, L.TOKEN_NONE, L.TOKEN_LEFT_BRACKET, L.TOKEN_LEFT_CURLY];
  const leftAssoc = (self: ParserSelf, operand: () => NjNode, ops: Record<string, string>): NjNode => {
    let node = operand();
    for (;;) {
      const op = Object.keys(ops).find((candidate) => self.skipValue(L.TOKEN_OPERATOR, candidate));
      if (op === undefined) return node;
      node = new nodes[ops[op]!](node.lineno, node.colno, node, operand());
    }
  };

  return nj.Parser.extend('Parser', {
    parsePostfix(this: ParserSelf, start: NjNode): NjNode {
      let node = start;
      for (let tok = this.peekToken(); tok; tok = this.peekToken()) {
        if (tok.type === L.TOKEN_LEFT_PAREN) {
          node = new nodes.FunCall(tok.lineno, tok.colno, node, this.parseSignature());
        } else if (tok.type === L.TOKEN_LEFT_BRACKET) {
          this.nextToken();
          node = new nodes.LookupVal(tok.lineno, tok.colno, node, this.parseSubscript(tok));
        } else if (tok.type === L.TOKEN_OPERATOR && tok.value === '.') {
          this.nextToken();
          const name = this.nextToken();
          if (!name) return this.fail('expected name as lookup value, got end of file');
          const isIndex = name.type === L.TOKEN_INT;
          if (!isIndex && ![L.TOKEN_SYMBOL, L.TOKEN_BOOLEAN, L.TOKEN_NONE].includes(name.type)) {
            this.fail(`expected name as lookup value, got ${name.value}`, name.lineno, name.colno);
          }
          const key = new nodes.Literal(name.lineno, name.colno, isIndex ? Number(name.value) : name.value);
          node = new nodes.LookupVal(tok.lineno, tok.colno, node, key);
          node.dot = !isIndex;
        } else {
          break;
        }
      }
      return node;
    },

    /** After `[`: an index expression or a `start:stop:step` slice, up to `]`. */
    parseSubscript(this: ParserSelf, open: NjToken): NjNode {
      const part = (): NjNode | null => {
        const next = this.peekToken();
        return next && next.type !== L.TOKEN_COLON && next.type !== L.TOKEN_RIGHT_BRACKET ? this.parseExpression() : null;
      };
      const start = part();
      if (start && !this.skip(L.TOKEN_COLON)) {
        this.expect(L.TOKEN_RIGHT_BRACKET);
        return start;
      }
      if (!start && !this.skip(L.TOKEN_COLON)) this.fail('expected subscript', open.lineno, open.colno);
      const stop = part();
      const step = this.skip(L.TOKEN_COLON) ? part() : null;
      this.expect(L.TOKEN_RIGHT_BRACKET);
      return new Slice(open.lineno, open.colno, start, stop, step);
    },

    /** `(…)`, `[…]`, `{…}` allowing a trailing comma; `(x,)` is marked as a one-item tuple. */
    parseAggregate(this: ParserSelf): NjNode | null {
      const open = this.nextToken();
      const kind = open && { [L.TOKEN_LEFT_PAREN]: 'Group', [L.TOKEN_LEFT_BRACKET]: 'Array', [L.TOKEN_LEFT_CURLY]: 'Dict' }[open.type];
      if (!open || !kind) return null;
      const node = new nodes[kind](open.lineno, open.colno);
      const closes = (): boolean =>
        [L.TOKEN_RIGHT_PAREN, L.TOKEN_RIGHT_BRACKET, L.TOKEN_RIGHT_CURLY].includes(this.peekToken()?.type) && Boolean(this.nextToken());
      for (;;) {
        if (closes()) break;
        if (node.children.length > 0) {
          if (!this.skip(L.TOKEN_COMMA)) this.fail('parseAggregate: expected comma after expression', open.lineno, open.colno);
          node.trailingComma = true;
          if (closes()) break;
        }
        node.trailingComma = false;
        if (kind === 'Dict') {
          const key = this.parsePrimary();
          if (!this.skip(L.TOKEN_COLON)) this.fail('parseAggregate: expected colon after dict key', open.lineno, open.colno);
          node.addChild(new nodes.Pair(key.lineno, key.colno, key, this.parseExpression()));
        } else {
          node.addChild(this.parseExpression());
        }
      }
      return node;
    },

    /** `x is name`, `x is name(args)` and Jinja2's one-argument form `x is divisibleby 3`. */
    parseIs(this: ParserSelf): NjNode {
      const node = this.parseCompare();
      const isTok = this.peekToken();
      if (!this.skipSymbol('is')) return node;
      const negate = this.skipSymbol('not');
      const name = this.nextToken();
      if (!name || ![L.TOKEN_SYMBOL, L.TOKEN_NONE, L.TOKEN_BOOLEAN].includes(name.type)) {
        return this.fail('expected test name', isTok?.lineno, isTok?.colno);
      }
      let test: NjNode = new nodes.Symbol(name.lineno, name.colno, name.type === L.TOKEN_NONE ? 'none' : name.value);
      const next = this.peekToken();
      if (next?.type === L.TOKEN_LEFT_PAREN) {
        test = new nodes.FunCall(name.lineno, name.colno, test, this.parseSignature());
      } else if (next && TEST_ARGUMENT_START.includes(next.type) && !['else', 'or', 'and'].includes(next.value)) {
        const arg = this.parsePostfix(this.parsePrimary(true));
        test = new nodes.FunCall(name.lineno, name.colno, test, new nodes.NodeList(next.lineno, next.colno, [arg]));
      }
      const is = new nodes.Is(node.lineno, node.colno, node, test);
      return negate ? new nodes.Not(node.lineno, node.colno, is) : is;
    },

    // Jinja2: compare → math1 (+ -) → concat (~) → math2 (* / // %) → pow → unary.
    parseConcat(this: ParserSelf): NjNode {
      return leftAssoc(this, () => this.parseTilde(), { '+': 'Add', '-': 'Sub' });
    },

    parseTilde(this: ParserSelf): NjNode {
      let node = this.parseMul();
      while (this.skipValue(L.TOKEN_TILDE, '~')) {
        node = new nodes.Concat(node.lineno, node.colno, node, this.parseMul());
      }
      return node;
    },

    parseMul(this: ParserSelf): NjNode {
      return leftAssoc(this, () => this.parsePow(), { '*': 'Mul', '//': 'FloorDiv', '/': 'Div', '%': 'Mod' });
    },
  });
}
