import { TeaError } from '../errors.js';
import { fileRead, fileWrite } from './builtin/file.js';
import { jsonParse, jsonStringify } from './builtin/json.js';
import { notify } from './builtin/notify.js';
import type { Action } from './types.js';

const builtins: Record<string, Action> = {
  'json.parse': jsonParse,
  'json.stringify': jsonStringify,
  'file.read': fileRead,
  'file.write': fileWrite,
  notify,
};

/** The action for a `uses:` name (TEA also accepts an `actions.` prefix); unknown → TEA's error. */
export function findAction(name: string, node: string): Action {
  const action = builtins[name] ?? builtins[name.replace(/^actions\./, '')];
  if (!action) throw new TeaError('UNKNOWN_ACTION', `Unknown action: ${name}`, { node });
  return action;
}
