import { pyTypeName } from '../../spec/findings.js';
import { pyStr } from '../../template/index.js';
import { isPlainMapping } from '../../util/json-value.js';
import { makeActionError } from '../action-error.js';

/** `messages` wins; else `prompt` (after an optional `system`) becomes the messages; else null. */
export function normalizeMessages(messages: unknown, prompt: unknown, system: unknown): unknown[] | null {
  if (messages !== null && messages !== undefined) return Array.isArray(messages) ? messages : [messages];
  if (prompt === null || prompt === undefined) return null;
  const result: unknown[] = [];
  if (system !== null && system !== undefined) result.push({ role: 'system', content: system });
  result.push({ role: 'user', content: prompt });
  return result;
}

/**
 * TEA's `_format_messages_for_cli`: one prompt for a CLI agent. System and assistant turns
 * get a `System: ` / `Assistant: ` label, user turns are bare; turns are joined by a blank line.
 */
export function flattenMessages(messages: unknown[], node: string): string {
  return messages
    .map((message, index) => {
      if (!isPlainMapping(message)) throw makeActionError('AttributeError', `'${pyTypeName(message)}' object has no attribute 'get'`, node);
      const role = message.role ?? 'user';
      const content = message.content === undefined ? '' : message.content;
      if (role === 'system') return `System: ${pyStr(content)}`;
      if (role === 'assistant') return `Assistant: ${pyStr(content)}`;
      // A user turn is joined as it is: Python's str.join refuses anything but str.
      if (typeof content !== 'string') {
        throw makeActionError('TypeError', `sequence item ${index}: expected str instance, ${pyTypeName(content)} found`, node);
      }
      return content;
    })
    .join('\n\n');
}
