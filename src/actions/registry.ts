import { TeaError } from '../errors.js';
import { dataFilter } from './builtin/data-filter.js';
import { dataMerge } from './builtin/data-merge.js';
import { dataValidate } from './builtin/data-validate.js';
import { fileRead } from './builtin/file-read.js';
import { fileWrite } from './builtin/file-write.js';
import { httpGet } from './builtin/http-get.js';
import { httpPost } from './builtin/http-post.js';
import { jsonParse } from './builtin/json-parse.js';
import { jsonStringify } from './builtin/json-stringify.js';
import { jsonTransform } from './builtin/json-transform.js';
import { memoryRetrieve } from './builtin/memory-retrieve.js';
import { memoryStore } from './builtin/memory-store.js';
import { notify } from './builtin/notify.js';
import { secretsGet } from './builtin/secrets-get.js';
import { llmCall } from './llm/llm-call.js';
import { llmChat } from './llm/llm-chat.js';
import type { Action } from './types.js';

/** Each action under its name and the other names TEA registers it by (`json_parse`, `actions.file_read`). */
const builtins = new Map<string, Action>();
for (const [action, ...names] of [
  [fileRead, 'file.read', 'actions.file_read'],
  [fileWrite, 'file.write', 'actions.file_write'],
  [jsonParse, 'json.parse', 'json_parse'],
  [jsonStringify, 'json.stringify', 'json_stringify'],
  [jsonTransform, 'json.transform', 'json_transform'],
  [httpGet, 'http.get', 'actions.http_get'],
  [httpPost, 'http.post', 'actions.http_post'],
  [dataValidate, 'data.validate', 'data_validate'],
  [dataMerge, 'data.merge', 'data_merge'],
  [dataFilter, 'data.filter', 'data_filter'],
  [memoryStore, 'memory.store', 'actions.memory_store'],
  [memoryRetrieve, 'memory.retrieve', 'actions.memory_retrieve'],
  [notify, 'notify', 'actions.notify'],
  [secretsGet, 'secrets.get', 'actions.secrets_get'],
  [llmCall, 'llm.call', 'actions.llm_call'],
  [llmChat, 'llm.chat'],
] as [Action, ...string[]][]) {
  for (const name of names) builtins.set(name, action);
}

/**
 * The action for a `uses:` name. Besides TEA's own aliases, `actions.<name>` is accepted for
 * every dotted name (`actions.json.parse`); anything else is TEA's `Unknown action: <name>`.
 */
export function findAction(name: string, node: string): Action {
  const action = builtins.get(name) ?? builtins.get(name.replace(/^actions\./, ''));
  if (!action) throw new TeaError('UNKNOWN_ACTION', `Unknown action: ${name}`, { node });
  return action;
}

/** Every name `uses:` accepts, for `tea validate` and documentation. */
export function actionNames(): string[] {
  return [...builtins.keys()];
}
