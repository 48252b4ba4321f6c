import { pyJsonDumps } from '../../template/python/json.js';

/** States as TEA prints them: `json.dumps(state, indent=2)`. */
export function stateJson(state: unknown): string {
  return pyJsonDumps(state, { indent: 2 });
}

export const rule = '='.repeat(80);
