/** Prolog `run:` blocks (core.md §2.1): the engine's entry point. */
export type { BlockHooks, BlockRequest } from '../shared/block-types.js';
export { runPrologBlock } from './run-prolog-block.js';
export { installCommand, resolveSwipl } from './swipl-binary.js';
