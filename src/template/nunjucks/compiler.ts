/**
 * Our Jinja2-flavoured nunjucks compiler. Instead of patching nunjucks' prototypes (which
 * would change nunjucks for every other user in the process) the patches are installed on
 * subclasses made with nunjucks' own `extend`, and generated code calls the Python-semantics
 * helpers through a `tea` parameter rather than through the shared `nunjucks.runtime`.
 */
import { JinjaError } from '../errors.js';
import { findLexerError } from './jinja-lexer-check.js';
import { toSyntaxError } from './syntax-errors.js';
import { emitKeepingFloats, logicPatch } from './compile-logic.js';
import { lookupPatch, type KnownNames } from './compile-lookups.js';
import { operatorPatch } from './compile-operators.js';
import type { CompileFrame, CompilerPatch, CompilerSelf, NjNode, Nunjucks } from './internals.js';
import { makeParser } from './parser.js';
import { lex } from './tokenizer.js';

/** A compiled template: nunjucks' root render function. */
export type RootFn = (env: unknown, context: unknown, frame: unknown, runtime: unknown, cb: (err: unknown, res: unknown) => void) => void;

export type CompileMode = 'template' | 'expression';

/** Errors must reach us as thrown, not wrapped in nunjucks' TemplateError, so the catch passes them on. */
const functionEndPatch: CompilerPatch = {
  _emitFuncEnd(noReturn?: boolean) {
    if (!noReturn) this._emitLine(`cb(null, ${this.buffer});`);
    this._closeScopeLevels();
    this._emitLine('} catch (e) {\n  cb(e);\n}\n}');
    this.buffer = null;
  },

  /** A root that hands back the value of one expression instead of rendered text. */
  compileExpressionRoot(node: NjNode, frame: CompileFrame) {
    const self = this as CompilerSelf & { _emitFuncBegin(node: NjNode, name: string): void; _emitFuncEnd(noReturn: boolean): void };
    self._emitFuncBegin(node, 'root');
    self._emit('cb(null, ');
    emitKeepingFloats(self, node, frame, { float: 'tea.asFloat', lookup: 'tea.valueAt' }, (inner) => self._compileExpression(inner, frame));
    self._emitLine(');');
    self._emitFuncEnd(true);
    self._emitLine('return { root: root };');
  },
};

export interface TeaCompiler {
  /** Compile a template, or in 'expression' mode the text between `{{` and `}}`. */
  compile(source: string, mode: CompileMode): RootFn;
}

export function makeCompiler(nj: Nunjucks, known: KnownNames, tea: object): TeaCompiler {
  const Parser = makeParser(nj) as new (tokens: unknown) => { parseAsRoot(): NjNode };
  const Compiler = nj.Compiler.extend('Compiler', {
    ...operatorPatch,
    ...logicPatch,
    ...lookupPatch(known),
    ...functionEndPatch,
  });

  const generate = (text: string, mode: CompileMode): string => {
    const root = new Parser(lex(nj, text)).parseAsRoot();
    const compiler = new Compiler('', false);
    if (mode === 'template') {
      compiler.compile(root, null);
      return compiler.getCode() as string;
    }
    const output = root.children.length === 1 ? (root.children[0] as NjNode) : undefined;
    const expr = output?.typename === 'Output' && output.children.length === 1 ? (output.children[0] as NjNode) : undefined;
    if (!expr || expr.typename === 'TemplateData') throw new Error('expected one expression');
    compiler.compileExpressionRoot(expr, new nj.runtime.Frame());
    return compiler.getCode() as string;
  };

  return {
    compile(source, mode) {
      const lexerError = findLexerError(source, mode);
      if (lexerError) throw new JinjaError(lexerError.message);
      const text = mode === 'expression' ? `{{ ${source} }}` : source;
      try {
        // The generated code is nunjucks' own output; `tea` is the only extra binding it sees.
        const factory = new Function('tea', generate(text, mode)) as (helpers: object) => { root: RootFn };
        return factory(tea).root;
      } catch (error) {
        throw toSyntaxError(error, text, mode);
      }
    },
  };
}
