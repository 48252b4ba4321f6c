import { TeaError } from '../errors.js';
import { pyStr } from '../template/index.js';
import { floatTextAt } from '../util/python-floats.js';

export interface FailCondition {
  key: string;
  value: string;
  text: string;
}

/** `--fail-on-state key=value`, validated up front with TEA's messages. */
export function parseFailConditions(values: string[]): FailCondition[] {
  return values.map((text) => {
    const at = text.indexOf('=');
    if (at === -1) throw new TeaError('BAD_INPUT', `Invalid --fail-on-state format '${text}'. Expected 'key=value'.`);
    const key = text.slice(0, at).trim();
    if (!key) throw new TeaError('BAD_INPUT', `Invalid --fail-on-state format '${text}'. Key cannot be empty.`);
    return { key, value: text.slice(at + 1), text };
  });
}

/** The first condition whose value equals Python's `str()` of `final.get(key)`: a missing key is `None`, a float `2.0`, as in TEA. */
export function matchFailCondition(state: Record<string, unknown>, conditions: FailCondition[]): FailCondition | undefined {
  const text = (key: string): string => {
    if (!Object.hasOwn(state, key)) return 'None';
    return floatTextAt(state, key) ?? pyStr(state[key]);
  };
  return conditions.find((condition) => text(condition.key) === condition.value);
}
