/**
 * nunjucks' parser, compiler and runtime, loaded with a synchronous `require` on first use so
 * that importing `src/template` costs nothing until a template actually renders (the public
 * API is synchronous, so a lazy `import()` is not an option). Only the pieces we compile with
 * are loaded — not nunjucks' index, with its loaders, precompiler and Express glue.
 */
import { createRequire } from 'node:module';

// nunjucks ships these modules untyped, hence the `any`s below.

/** A nunjucks AST node: `typename` plus the fields of its kind. */
export interface NjNode {
  typename: string;
  lineno: number;
  colno: number;
  [field: string]: any;
}

export interface NjToken {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}

export interface Nunjucks {
  Compiler: any;
  Parser: any;
  lexer: any;
  nodes: any;
  runtime: any;
}

let loaded: Nunjucks | undefined;

export function loadNunjucks(): Nunjucks {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  loaded = {
    Compiler: require('nunjucks/src/compiler').Compiler,
    Parser: require('nunjucks/src/parser').Parser,
    lexer: require('nunjucks/src/lexer'),
    nodes: require('nunjucks/src/nodes'),
    runtime: require('nunjucks/src/runtime'),
  };
  return loaded;
}

/** The compile-time frame: which template names are JS variables in the generated code. */
export interface CompileFrame {
  lookup(name: string): string | undefined;
  set(name: string, id: string): void;
}

/** The part of nunjucks' Compiler our patches call. `parent` is the method being overridden. */
export interface CompilerSelf {
  buffer: string | null;
  _emit(code: string): void;
  _emitLine(code: string): void;
  _tmpid(): string;
  _closeScopeLevels(): void;
  _withScopedSyntax(body: () => void): void;
  _compileAggregate(node: NjNode, frame: CompileFrame, open?: string, close?: string): void;
  _compileExpression(node: NjNode, frame: CompileFrame): void;
  compile(node: NjNode, frame: CompileFrame): void;
  compileLiteral(node: NjNode, frame: CompileFrame): void;
  fail(message: string, lineno?: number, colno?: number): never;
  parent: (...args: any[]) => void;
}

/** Compiler methods as plain functions, installed with nunjucks' `Compiler.extend`. */
export type CompilerPatch = Record<string, (this: CompilerSelf, ...args: any[]) => void>;
