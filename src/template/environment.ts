/**
 * Our one private template environment, created on first use: nunjucks' parser/compiler with
 * the Jinja2 patches, our filter/test tables and globals, and a cache of compiled templates
 * (TEA caches compiled templates too). Not a `nunjucks.Environment`: we compile and run
 * templates ourselves, so nothing here touches nunjucks' shared state or its loaders.
 */
import { JinjaError } from './errors.js';
import { makeRegistry } from './filters/registry.js';
import { loadNunjucks, type Nunjucks } from './nunjucks/internals.js';
import { makeCompiler, type CompileMode, type RootFn, type TeaCompiler } from './nunjucks/compiler.js';
import { makeGlobals } from './python/builtins.js';
import { RenderContext } from './render-context.js';
import { makeRuntime } from './runtime.js';
import type { TemplateContext } from './types.js';

const CACHE_LIMIT = 2000;
/**
 * What compiled code sees as `env`: autoescape off as in TEA, and no loader, so
 * `{% include %}`/`{% import %}` fail as Jinja2's BaseLoader does (TemplateNotFound: name).
 */
const ENV_STUB = {
  opts: { autoescape: false },
  getTemplate(name: unknown, _eager: unknown, _parent: unknown, _ignoreMissing: unknown, cb: (err: unknown) => void): void {
    cb(new JinjaError(String(name)));
  },
  /** `{% include %}` chains its steps through this; getTemplate above ends the chain. */
  waterfall(tasks: Array<(...args: unknown[]) => void>, done: (err?: unknown, ...results: unknown[]) => void): void {
    const step = (i: number, args: unknown[]): void => {
      if (i === tasks.length) return done(null, ...args);
      tasks[i]!(...args, (err: unknown, ...results: unknown[]) => (err ? done(err) : step(i + 1, results)));
    };
    step(0, []);
  },
};

interface Environment {
  nj: Nunjucks;
  compiler: TeaCompiler;
  globals: Record<string, unknown>;
  cache: Map<string, RootFn>;
}

let environment: Environment | undefined;

function getEnvironment(): Environment {
  if (environment) return environment;
  const nj = loadNunjucks();
  const { filters, tests } = makeRegistry();
  const known = { hasFilter: (name: string) => filters.has(name), hasTest: (name: string) => tests.has(name) };
  const compiler = makeCompiler(nj, known, makeRuntime(filters, tests));
  environment = { nj, compiler, globals: makeGlobals(), cache: new Map() };
  return environment;
}

function compileCached(env: Environment, source: string, mode: CompileMode): RootFn {
  const key = `${mode}:${source}`;
  let root = env.cache.get(key);
  if (!root) {
    root = env.compiler.compile(source, mode);
    if (env.cache.size >= CACHE_LIMIT) env.cache.clear();
    env.cache.set(key, root);
  }
  return root;
}

/** The Jinja error that compiling `source` raises (a syntax error, an unknown filter or
 * test), or undefined when it compiles. */
export function compileError(source: string, mode: CompileMode): string | undefined {
  try {
    compileCached(getEnvironment(), source, mode);
    return undefined;
  } catch (error) {
    if (error instanceof JinjaError) return error.message;
    throw error;
  }
}

/**
 * Render `source` against `ctx`: a template to text, or in 'expression' mode the value of
 * the expression `source` (the text between `{{` and `}}`). Throws JinjaError / PyError / other errors as raised.
 */
export function run(source: string, mode: CompileMode, ctx: TemplateContext): unknown {
  const env = getEnvironment();
  const root = compileCached(env, source, mode);
  const frame = new env.nj.runtime.Frame();
  frame.topLevel = true;
  let failure: unknown;
  let result: unknown;
  let done = false;
  root(ENV_STUB, new RenderContext(ctx, env.globals), frame, env.nj.runtime, (err, res) => {
    [failure, result, done] = [err, res, true];
  });
  if (failure) throw failure;
  if (!done) throw new Error('template rendered asynchronously');
  return result;
}
