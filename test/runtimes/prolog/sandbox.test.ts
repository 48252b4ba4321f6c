// The sandbox TEA's docs promise: no file, shell or process access (library(sandbox)).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { failProlog, runProlog } from './helpers.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tea-prolog-sandbox-'));
const secret = path.join(dir, 'secret.txt');
const escape = path.join(dir, 'escaped');
writeFileSync(secret, 'top secret\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Prolog sandbox', () => {
  it.each([
    ['open/3', `open('${secret}', read, S), read_term(S, T, []), return(t, T).`],
    ['see/1', `see('${secret}'), read(T), return(t, T).`],
    ['read_file_to_string/3', `read_file_to_string('${secret}', T, []), return(t, T).`],
    ['consult/1', `consult('${secret}').`],
    ['exists_file/1', `exists_file('${secret}'), return(t, yes).`],
    ['shell/1', `shell('touch ${escape}').`],
    ['process_create/3', `process_create(path(touch), ['${escape}'], []).`],
    ['a module-qualified call', `system:shell('touch ${escape}').`],
    ['halt/0', 'halt.'],
    ['format/2 with ~@', `format("~@", [shell('touch ${escape}')]).`],
    ['a directive inside tea_load_code/1', `tea_load_code(":- shell('touch ${escape}').").`],
    ['a query inside tea_load_code/1', `tea_load_code("exists_file('${secret}').").`],
  ])('refuses %s before it runs', async (_, code) => {
    const error = await failProlog(`writeln(started).\n${code}`);
    expect(error).toMatchObject({ code: 'NODE_FAILED', line: 2 });
    expect(error.message).toMatch(/^Prolog sandbox refused the goal: /);
    expect(existsSync(escape)).toBe(false);
  });

  it('accepts a rule that shells out, and refuses the query that would call it', async () => {
    const error = await failProlog(`evil :- shell('touch ${escape}').\nwriteln(between).\nevil.`);
    expect(error).toMatchObject({ code: 'NODE_FAILED', line: 3 });
    expect(error.message).toMatch(/^Prolog sandbox refused the goal: No permission to call sandboxed `shell/);
    expect(existsSync(escape)).toBe(false);
  });

  it('refuses a goal it cannot prove safe (a call through an unbound variable)', async () => {
    const error = await failProlog('X = writeln(hi), call(X).');
    expect(error.message).toMatch(/^Prolog sandbox refused the goal: /);
  });

  it('refuses clauses for other modules and for expansion hooks', async () => {
    expect((await failProlog("user:portray(_) :- shell('true').")).message).toMatch(/^Prolog sandbox refused the goal: No permission to modify/);
    expect((await failProlog('goal_expansion(a, b).')).message).toMatch(/No permission to modify/);
    expect((await failProlog("assertz(user:file_search_path(library, '/tmp')).")).message).toMatch(/^Prolog sandbox refused the goal: /);
  });

  it('allows what blocks need: asserting facts, declarations, library loading, console output', async () => {
    const code = [
      ':- dynamic(counter/1).',
      ':- use_module(library(pairs)).',
      'assertz(counter(1)), retract(counter(1)), assertz(counter(2)), counter(C),',
      'pairs_keys_values(Ps, [a], [1]), format("~w ~q~n", [C, Ps]), return(c, C).',
    ].join('\n');
    const { value, stdout } = await runProlog(code);
    expect(value).toEqual({ c: 2 });
    expect(stdout).toEqual(['2 [a-1]\n']);
  });
});
