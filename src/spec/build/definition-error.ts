import { TeaError } from '../../errors.js';
import type { PositionLookup } from '../model.js';

/**
 * A node or edge that validates but cannot be built (TEA's node-factory errors, printed as
 * `Error loading workflow: <message>`). Carries the position of the mapping it is about.
 */
export function definitionError(
  message: string,
  where: { positionOf: PositionLookup; path: ReadonlyArray<string | number>; node?: string; file?: string },
): TeaError {
  const position = where.positionOf(where.path);
  return new TeaError('INVALID_WORKFLOW', message, {
    file: where.file,
    node: where.node,
    line: position?.line,
    column: position?.column,
  });
}
