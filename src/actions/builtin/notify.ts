import { pyTypeName } from '../../spec/findings.js';
import { pyStr } from '../../template/index.js';
import { makeActionError, throwOnMissingParams } from '../action-error.js';
import type { Action } from '../types.js';

/** `notify` (`channel`, `message`): prints `[<CHANNEL>] <message>` to stdout, as TEA does; `{sent: true}`. */
export const notify: Action = (params, context) => {
  throwOnMissingParams(params, 'notify', ['channel', 'message'], context.node);
  const channel = params.channel;
  if (typeof channel !== 'string') {
    throw makeActionError('AttributeError', `'${pyTypeName(channel)}' object has no attribute 'upper'`, context.node);
  }
  context.print(`[${channel.toUpperCase()}] ${pyStr(params.message)}\n`);
  return { sent: true };
};
