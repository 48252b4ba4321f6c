import { runLuaBlock } from '../../../src/runtimes/lua/index.js';

export interface LuaRun {
  value: unknown;
  chunks: string[];
}

/** Runs a block as the engine would and collects what it printed. */
export async function runLua(
  code: string,
  state: Record<string, unknown> = {},
  options: { variables?: Record<string, unknown>; timeoutMs?: number; signal?: AbortSignal; node?: string; onChunk?: (text: string) => void; sharedGlobals?: boolean } = {},
): Promise<LuaRun> {
  const chunks: string[] = [];
  const value = await runLuaBlock(
    { code, node: options.node ?? 'lua_node', state, variables: options.variables ?? {}, timeoutMs: options.timeoutMs ?? 10_000, signal: options.signal, sharedGlobals: options.sharedGlobals },
    {
      onOutput: (stream, text) => {
        expectStdout(stream);
        chunks.push(text);
        options.onChunk?.(text);
      },
    },
  );
  return { value, chunks };
}

/** The rejection of a block, for assertions on its TeaError fields. */
export async function failLua(code: string, state: Record<string, unknown> = {}, options: Parameters<typeof runLua>[2] = {}): Promise<Record<string, unknown>> {
  try {
    await runLua(code, state, options);
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected the Lua block to fail');
}

function expectStdout(stream: string): void {
  if (stream !== 'stdout') throw new Error(`Lua print went to ${stream}`);
}
