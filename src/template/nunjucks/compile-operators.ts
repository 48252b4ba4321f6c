/**
 * Operators compiled to Python-semantics helpers instead of JS operators: `+` concatenates
 * lists and refuses str + int, `/` raises ZeroDivisionError, `%` formats strings, `==` is
 * deep and typed, chained comparisons evaluate as Python's (`a < b < c`), `in` is Python's.
 */
import type { CompileFrame, CompilerPatch, CompilerSelf, NjNode } from './internals.js';

function binary(helper: string): CompilerPatch[string] {
  return function compileBinary(this: CompilerSelf, node: NjNode, frame: CompileFrame): void {
    this._emit(`tea.${helper}(`);
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  };
}

function unary(helper: string): CompilerPatch[string] {
  return function compileUnary(this: CompilerSelf, node: NjNode, frame: CompileFrame): void {
    this._emit(`tea.${helper}(`);
    this.compile(node.target, frame);
    this._emit(')');
  };
}

export const operatorPatch: CompilerPatch = {
  compileAdd: binary('add'),
  compileSub: binary('sub'),
  compileMul: binary('mul'),
  compileDiv: binary('div'),
  compileFloorDiv: binary('floordiv'),
  compileMod: binary('mod'),
  compilePow: binary('pow'),
  compileConcat: binary('concat'),
  compileNeg: unary('neg'),
  compilePos: unary('pos'),

  /** `needle in haystack`; `not in` arrives as Not(In). */
  compileIn(node: NjNode, frame: CompileFrame) {
    this._emit('tea.contains(');
    this.compile(node.right, frame);
    this._emit(', ');
    this.compile(node.left, frame);
    this._emit(')');
  },

  /** One comparison inline; a chain evaluates each operand once and stops at the first false link. */
  compileCompare(node: NjNode, frame: CompileFrame) {
    const ops = node.ops as NjNode[];
    if (ops.length === 1) {
      this._emit('tea.compare(');
      this.compile(node.expr, frame);
      this._emit(`, ${JSON.stringify(ops[0]!.type)}, `);
      this.compile(ops[0]!.expr, frame);
      this._emit(')');
      return;
    }
    this._emit('tea.chain(');
    this.compile(node.expr, frame);
    for (const op of ops) {
      this._emit(`, ${JSON.stringify(op.type)}, () => (`);
      this.compile(op.expr, frame);
      this._emit(')');
    }
    this._emit(')');
  },
};
