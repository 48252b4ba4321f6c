import { describe, expect, it } from 'vitest';
import { findAction } from '../../src/actions/registry.js';
import { isTeaError } from '../../src/errors.js';

describe('findAction', () => {
  it("finds each built-in under TEA's names and aliases, loading it on first use", async () => {
    for (const name of ['file.read', 'actions.file_read', 'json_parse', 'json.transform', 'data_merge', 'actions.memory_store', 'actions.notify', 'secrets.get', 'actions.secrets_get', 'llm.call', 'actions.llm_call', 'llm.chat', 'http.post', 'actions.http_get', 'code.execute', 'actions.code_sandbox']) {
      expect(typeof (await findAction(name, 'n')), name).toBe('function');
    }
    expect(await findAction('actions.json.parse', 'n')).toBe(await findAction('json.parse', 'n'));
  });

  it("anything else is TEA's Unknown action error at call time, with the node", async () => {
    for (const name of ['shell.run', 'template.render', 'actions.toString', 'constructor', 'secrets.has']) {
      let thrown: unknown;
      try {
        await findAction(name, 'step');
      } catch (error) {
        thrown = error;
      }
      expect(isTeaError(thrown) && thrown.code).toBe('UNKNOWN_ACTION');
      expect(thrown).toMatchObject({ message: `Unknown action: ${name}`, node: 'step' });
    }
  });
});
