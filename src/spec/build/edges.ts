import type { EdgeSpec, JsonObject } from '../model.js';
import { isParallelEdge } from '../validate/edges.js';
import { definitionError } from './definition-error.js';
import type { BuildContext } from './node.js';
import { isMapping } from './node.js';

/** Legacy `edges:` entries as typed edges; a `condition:` of an unknown type fails the load. */
export function buildEdges(raw: unknown, context: BuildContext): EdgeSpec[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isMapping).map((edge: JsonObject, index): EdgeSpec => {
    const parallel = isParallelEdge(edge);
    const type = edge.type === 'entry' || edge.type === 'finish' || edge.type === 'parallel' ? edge.type : 'normal';
    if (isMapping(edge.condition) && edge.condition.type !== 'expression') {
      throw definitionError(`Unknown condition type: ${String(edge.condition.type)}`, { ...context, path: ['edges', index] });
    }
    return {
      index,
      from: typeof edge.from === 'string' ? edge.from : undefined,
      to: Array.isArray(edge.to) ? edge.to.map(String) : String(edge.to),
      type: parallel ? 'parallel' : type,
      condition: isMapping(edge.condition) ? edge.condition.value : edge.condition,
      when: edge.when,
      parallel,
      fanIn: typeof edge.fan_in === 'string' ? edge.fan_in : undefined,
      raw: edge,
    };
  });
}
