/** Lua `run:` blocks (core.md §2.1): the engine's entry point. */
export type { BlockHooks, BlockRequest } from '../shared/block-types.js';
export { runLuaBlock } from './run-lua-block.js';
export { getLuaWorkerPool, LuaWorkerPool } from './lua-worker-pool.js';
