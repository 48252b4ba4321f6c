/** The TeaErrors a Lua block can end with, built from what the worker reports. */
import { TeaError } from '../../errors.js';
import type { BlockFailure } from './protocol.js';

const blockPosition = /^block:(\d+): /;

/** Lua's message without its `block:<line>:` prefix; the line goes to `line` instead. */
export function makeLuaBlockError(failure: BlockFailure, node: string): TeaError {
  if (failure.kind === 'not_serializable') return makeNotSerializableError(failure, node);
  if (failure.kind === 'internal') return new TeaError('INTERNAL', `Lua runtime: ${failure.message}`, { node });
  const position = blockPosition.exec(failure.message);
  const message = failure.message.replace(blockPosition, '');
  const line = failure.line ?? (position ? Number(position[1]) : undefined);
  return new TeaError('NODE_FAILED', failure.kind === 'syntax' ? `Lua syntax error: ${message}` : message, {
    node,
    line,
    detail: trimTraceback(failure.traceback),
  });
}

/** TEA's LuaTimeoutError says "execution timeout"; we add which runtime and the limit. */
export function makeLuaTimeoutError(node: string, timeoutMs: number): TeaError {
  return new TeaError('NODE_FAILED', `Lua execution timeout: the block ran longer than ${timeoutMs} ms`, { node });
}

// Same words as toJsonValue's errors, so a bad result reads alike in every language.
function makeNotSerializableError(failure: BlockFailure, node: string): TeaError {
  const where = failure.path && failure.path.length > 0 ? ` (key '${failure.path.join('.')}' in the result of node '${node}')` : '';
  return new TeaError('NOT_SERIALIZABLE', `Lua value of type ${failure.luaType ?? 'unknown'} is not JSON serializable${where}`, {
    node,
  });
}

// The frames below the block are tea's prelude: noise for the user.
function trimTraceback(traceback: string | undefined): string | undefined {
  if (traceback === undefined) return undefined;
  const cut = traceback.indexOf("\n\t[C]: in function 'xpcall'");
  return (cut === -1 ? traceback : traceback.slice(0, cut)).replaceAll(/\bblock:(\d+):/g, 'line $1:');
}
