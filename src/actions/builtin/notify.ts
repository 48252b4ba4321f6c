import type { Action } from '../types.js';

/** `notify`: prints `[<CHANNEL>] <message>` to stdout, as TEA does. */
export const notify: Action = (params, context) => {
  const channel = String(params.channel ?? 'console').toUpperCase();
  context.print(`[${channel}] ${String(params.message ?? '')}\n`);
  return { sent: true };
};
