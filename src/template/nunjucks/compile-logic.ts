/**
 * Control flow with Python truthiness: `[]`, `{}` and `0.0` are false in `if`, `not`, `and`,
 * `or` and inline `if` (JS says true); `a or b` returns an operand, as Python does. Loops
 * iterate dicts by key and strings by character, and `{{ x }}` prints Python's `str(x)`
 * (nunjucks prints `true`, `""` for None and `[object Object]`).
 */
import type { CompileFrame, CompilerPatch, NjNode } from './internals.js';

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
      } else if (givesPythonFloat(child)) {
        this._emit(`${this.buffer} += tea.strFloat(`);
        this.compile(child, frame);
        this._emitLine(');');
      } else if (child.typename === 'LookupVal' && (child.val as NjNode).typename !== 'Slice') {
        // A looked-up value is printed knowing where it came from (Python floats keep `.0`).
        this._emit(`${this.buffer} += tea.strAt(`);
        this.compile(child.target, frame);
        this._emit(', ');
        this.compile(child.val, frame);
        this._emitLine(`, ${child.dot ? 'true' : 'false'});`);
      } else {
        this._emit(`${this.buffer} += tea.str(`);
        this.compile(child, frame);
        this._emitLine(');');
      }
    }
  },
};

/** Expressions whose Python value is a float whatever their operands: `a / b` and `x | float`. */
export function givesPythonFloat(node: NjNode): boolean {
  if (node.typename === 'Div') return true;
  return node.typename === 'Filter' && String(node.name?.value) === 'float';
}

