import { TeaError } from '../errors.js';
import type { Action } from './types.js';

type Loader = () => Promise<Action>;

/**
 * Each action under its name and the other names TEA registers it by (`json_parse`,
 * `actions.file_read`). Loaded on first use: a branch child that calls no action never pays
 * for ajv, jmespath or the LLM clients.
 */
const loaders = new Map<string, Loader>();
for (const [load, ...names] of [
  [async () => (await import('./builtin/file-read.js')).fileRead, 'file.read', 'actions.file_read'],
  [async () => (await import('./builtin/file-write.js')).fileWrite, 'file.write', 'actions.file_write'],
  [async () => (await import('./builtin/json-parse.js')).jsonParse, 'json.parse', 'json_parse'],
  [async () => (await import('./builtin/json-stringify.js')).jsonStringify, 'json.stringify', 'json_stringify'],
  [async () => (await import('./builtin/json-transform.js')).jsonTransform, 'json.transform', 'json_transform'],
  [async () => (await import('./builtin/http-get.js')).httpGet, 'http.get', 'actions.http_get'],
  [async () => (await import('./builtin/http-post.js')).httpPost, 'http.post', 'actions.http_post'],
  [async () => (await import('./builtin/data-validate.js')).dataValidate, 'data.validate', 'data_validate'],
  [async () => (await import('./builtin/data-merge.js')).dataMerge, 'data.merge', 'data_merge'],
  [async () => (await import('./builtin/data-filter.js')).dataFilter, 'data.filter', 'data_filter'],
  [async () => (await import('./builtin/memory-store.js')).memoryStore, 'memory.store', 'actions.memory_store'],
  [async () => (await import('./builtin/memory-retrieve.js')).memoryRetrieve, 'memory.retrieve', 'actions.memory_retrieve'],
  [async () => (await import('./builtin/notify.js')).notify, 'notify', 'actions.notify'],
  [async () => (await import('./builtin/secrets-get.js')).secretsGet, 'secrets.get', 'actions.secrets_get'],
  [async () => (await import('./builtin/code-disabled.js')).codeExecute, 'code.execute', 'actions.code_execute'],
  [async () => (await import('./builtin/code-disabled.js')).codeSandbox, 'code.sandbox', 'actions.code_sandbox'],
  [async () => (await import('./llm/llm-call.js')).llmCall, 'llm.call', 'actions.llm_call'],
  [async () => (await import('./llm/llm-chat.js')).llmChat, 'llm.chat'],
] as [Loader, ...string[]][]) {
  for (const name of names) loaders.set(name, load);
}

/**
 * The action for a `uses:` name. Besides TEA's own aliases, `actions.<name>` is accepted for
 * every dotted name (`actions.json.parse`); anything else is TEA's `Unknown action: <name>`.
 */
export async function findAction(name: string, node: string): Promise<Action> {
  const load = loaders.get(name) ?? loaders.get(name.replace(/^actions\./, ''));
  if (!load) throw new TeaError('UNKNOWN_ACTION', `Unknown action: ${name}`, { node });
  return load();
}

/** Every name `uses:` accepts, for `tea validate` and documentation. */
export function actionNames(): string[] {
  return [...loaders.keys()];
}
