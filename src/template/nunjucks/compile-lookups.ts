/**
 * Names, lookups, calls, filters and tests compiled to `tea.*` helpers, which give Jinja2's
 * resolution (StrictUndefined for unknown names, DotDict rules, `getattr`/`getitem` order),
 * Python calls, and compile-time "No filter named 'x'." errors. Also tuples `(a, b)`
 * (nunjucks emits a JS comma expression), dict literals with expression keys, and
 * `{% set ns.attr = … %}`.
 */
import { JinjaError } from '../errors.js';
import type { CompileFrame, CompilerPatch, CompilerSelf, NjNode } from './internals.js';

export interface KnownNames {
  hasFilter(name: string): boolean;
  hasTest(name: string): boolean;
}

const quote = (text: string): string => JSON.stringify(text);

function emitOptional(self: CompilerSelf, node: NjNode | null, frame: CompileFrame): void {
  if (node) self.compile(node, frame);
  else self._emit('null');
}

/** The test name of `x is name`, `x is name(args)`, and of `x is none/true/false` (lexed as literals). */
function testName(right: NjNode): string {
  if (right.typename === 'FunCall') return String(right.name.value);
  if (right.typename === 'Literal') return right.value === null ? 'none' : String(right.value);
  return String(right.value);
}

export function lookupPatch(known: KnownNames): CompilerPatch {
  return {
    compileSymbol(node: NjNode, frame: CompileFrame) {
      const id = frame.lookup(node.value);
      this._emit(id ? id : `tea.lookup(context, frame, ${quote(node.value)})`);
    },

    compileLookupVal(node: NjNode, frame: CompileFrame) {
      const key = node.val as NjNode;
      if (key.typename === 'Slice') {
        this._emit('tea.slice(');
        this.compile(node.target, frame);
        for (const part of [key.start, key.stop, key.step]) {
          this._emit(', ');
          emitOptional(this, part, frame);
        }
        this._emit(')');
        return;
      }
      this._emit(node.dot ? 'tea.attr(' : 'tea.item(');
      this.compile(node.target, frame);
      this._emit(', ');
      this.compile(key, frame);
      this._emit(')');
    },

    compileFunCall(node: NjNode, frame: CompileFrame) {
      this._emit('tea.call(');
      this.compile(node.name, frame);
      this._emit(', ');
      this._compileAggregate(node.args, frame, '[', ']');
      this._emit(')');
    },

    compileFilter(node: NjNode, frame: CompileFrame) {
      const name = String(node.name.value);
      if (!known.hasFilter(name)) throw new JinjaError(`No filter named '${name}'.`);
      this._emit(`tea.filter(${quote(name)}, `);
      this._compileAggregate(node.args, frame, '[', ']');
      this._emit(')');
    },

    compileIs(node: NjNode, frame: CompileFrame) {
      const name = testName(node.right);
      if (!known.hasTest(name)) throw new JinjaError(`No test named '${name}'.`);
      this._emit(`tea.test(${quote(name)}, `);
      this.compile(node.left, frame);
      this._emit(', ');
      if (node.right.typename === 'FunCall') this._compileAggregate(node.right.args, frame, '[', ']');
      else this._emit('[]');
      this._emit(')');
    },

    /** `(x)` is x; `(a, b)`, `(a,)` and `()` are tuples. */
    compileGroup(node: NjNode, frame: CompileFrame) {
      if (node.children.length === 1 && !node.trailingComma) {
        this._compileAggregate(node, frame, '(', ')');
        return;
      }
      this._emit('tea.tuple(');
      this._compileAggregate(node, frame, '[', ']');
      this._emit(')');
    },

    /** `{k: v}` evaluates `k` as Jinja2 does (nunjucks used the name as a string). */
    compileDict(node: NjNode, frame: CompileFrame) {
      if (node.typename === 'KeywordArgs') {
        this.parent(node, frame);
        return;
      }
      this._emit('{');
      (node.children as NjNode[]).forEach((pair, i) => {
        this._emit(i > 0 ? ', [tea.key(' : '[tea.key(');
        this.compile(pair.key, frame);
        this._emit(')]: ');
        this._compileExpression(pair.value, frame);
      });
      this._emit('}');
    },

    /** `{% set ns.x = v %}` assigns a namespace attribute; plain names keep nunjucks' scoping. */
    compileSet(node: NjNode, frame: CompileFrame) {
      const [target] = node.targets as NjNode[];
      if (target?.typename !== 'LookupVal') {
        this.parent(node, frame);
        return;
      }
      if (!node.value) this.fail('namespace assignment needs a value', node.lineno, node.colno);
      this._emit('tea.setattr(');
      this.compile(target.target, frame);
      this._emit(', ');
      this.compile(target.val, frame);
      this._emit(', ');
      this._compileExpression(node.value, frame);
      this._emitLine(');');
    },
  };
}
