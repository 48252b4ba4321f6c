/**
 * Control flow with Python truthiness: `[]`, `{}` and `0.0` are false in `if`, `not`, `and`,
 * `or` and inline `if` (JS says true); `a or b` returns an operand, as Python does. Loops
 * iterate dicts by key and strings by character, and `{{ x }}` prints Python's `str(x)`
 * (nunjucks prints `true`, `""` for None and `[object Object]`).
 */
import type { CompileFrame, CompilerPatch, CompilerSelf, NjNode } from './internals.js';

/** A node our patches create around another expression; assertType lets it through. */
export interface WrapperNode extends NjNode {
  teaWrapper: true;
}

export const logicPatch: CompilerPatch = {
  compileOr(node: NjNode, frame: CompileFrame) {
    this._emit('tea.or(');
    this.compile(node.left, frame);
    this._emit(', () => (');
    this.compile(node.right, frame);
    this._emit('))');
  },

  compileAnd(node: NjNode, frame: CompileFrame) {
    this._emit('tea.and(');
    this.compile(node.left, frame);
    this._emit(', () => (');
    this.compile(node.right, frame);
    this._emit('))');
  },

  compileNot(node: NjNode, frame: CompileFrame) {
    this._emit('!tea.truthy(');
    this.compile(node.target, frame);
    this._emit(')');
  },

  /** `a if c else b`; without `else` Jinja2 yields an Undefined that fails when used. */
  compileInlineIf(node: NjNode, frame: CompileFrame) {
    this._emit('(tea.truthy(');
    this.compile(node.cond, frame);
    this._emit(') ? (');
    this.compile(node.body, frame);
    this._emit(') : (');
    if (node.else_) this.compile(node.else_, frame);
    else {
      const where = `line ${node.lineno + 1}`;
      this._emit(`tea.undef(${JSON.stringify(`the inline if-expression on ${where} evaluated to false and no else section was defined.`)})`);
    }
    this._emit('))');
  },

  compileIf(node: NjNode, frame: CompileFrame) {
    this._emit('if(tea.truthy(');
    this._compileExpression(node.cond, frame);
    this._emitLine(')) {');
    this._withScopedSyntax(() => this.compile(node.body, frame));
    if (node.else_) {
      this._emitLine('}\nelse {');
      this._withScopedSyntax(() => this.compile(node.else_, frame));
    }
    this._emitLine('}');
  },

  /** Wrap the iterable in `tea.iter` (Python iteration), then let nunjucks build the loop. */
  compileFor(node: NjNode, frame: CompileFrame) {
    const names = node.name.typename === 'Array' ? node.name.children.length : 1;
    const iterable: WrapperNode = { typename: 'TeaIter', lineno: node.arr.lineno, colno: node.arr.colno, teaWrapper: true, target: node.arr, names };
    node.arr = iterable; // each compile parses afresh, so the AST is ours to rewrite
    this.parent(node, frame);
  },

  compileTeaIter(node: NjNode, frame: CompileFrame) {
    this._emit('tea.iter(');
    this.compile(node.target, frame);
    this._emit(`, ${Number(node.names)})`);
  },

  assertType(node: NjNode, ...types: unknown[]) {
    if ((node as Partial<WrapperNode>).teaWrapper) return;
    this.parent(node, ...types);
  },

  compileOutput(node: NjNode, frame: CompileFrame) {
    for (const child of node.children as NjNode[]) {
      if (child.typename === 'TemplateData') {
        if (!child.value) continue;
        this._emit(`${this.buffer} += `);
        this.compileLiteral(child, frame);
        this._emitLine(';');
      } else {
        this._emit(`${this.buffer} += `);
        emitKeepingFloats(this, child, frame, { float: 'tea.strFloat', lookup: 'tea.strAt', other: 'tea.str' });
        this._emitLine(';');
      }
    }
  },
};

/** Expressions whose Python value is a float whatever their operands: `a / b` and `x | float`. */
function givesPythonFloat(node: NjNode): boolean {
  if (node.typename === 'Div') return true;
  return node.typename === 'Filter' && String(node.name?.value) === 'float';
}

/**
 * `node` inside the runtime helper that keeps Python floats (template/runtime.ts): `a / b`
 * and `| float` in `helpers.float`, one lookup as `helpers.lookup(target, key, dot)` (the
 * value is printed or stored knowing where it came from), anything else in `helpers.other`
 * or bare. `compileInner` compiles a whole node (the expression root asserts its type).
 */
export function emitKeepingFloats(
  self: CompilerSelf,
  node: NjNode,
  frame: CompileFrame,
  helpers: { float: string; lookup: string; other?: string },
  compileInner: (node: NjNode) => void = (inner) => self.compile(inner, frame),
): void {
  if (node.typename === 'LookupVal' && (node.val as NjNode).typename !== 'Slice') {
    self._emit(`${helpers.lookup}(`);
    self.compile(node.target, frame);
    self._emit(', ');
    self.compile(node.val, frame);
    self._emit(`, ${node.dot ? 'true' : 'false'})`);
    return;
  }
  const wrapper = givesPythonFloat(node) ? helpers.float : helpers.other;
  if (wrapper) self._emit(`${wrapper}(`);
  compileInner(node);
  if (wrapper) self._emit(')');
}

