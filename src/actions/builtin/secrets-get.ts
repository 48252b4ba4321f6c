import { pyStr } from '../../template/index.js';
import { throwOnMissingParams } from '../action-error.js';
import type { Action } from '../types.js';

/** `secrets.get` (`key`, `default`): `{value}` from the run's secrets, else `default` (None). */
export const secretsGet: Action = (params, context) => {
  throwOnMissingParams(params, 'secrets_get', ['key'], context.node);
  const secrets = context.secrets ?? {};
  const key = pyStr(params.key);
  return { value: Object.hasOwn(secrets, key) ? secrets[key] : (params.default ?? null) };
};
