// Entry of a Lua worker thread: loads wasmoon's Lua 5.4 once, then runs blocks on request.
// Plain JavaScript: worker threads cannot load TypeScript (see ../run-lua-block.ts).
import { parentPort } from 'node:worker_threads';
import { LuaFactory } from 'wasmoon';
import { makeBlockRunner } from './run-block.mjs';

const lua = await new LuaFactory().getLuaModule();
const runBlock = makeBlockRunner(lua);

parentPort.on('message', (message) => {
  if (message.type !== 'run') return;
  const onOutput = (text) => parentPort.postMessage({ type: 'output', id: message.id, text });
  const outcome = runBlock(message, onOutput);
  parentPort.postMessage({ type: 'done', id: message.id, outcome, heapBytes: lua.module.HEAPU8.length });
});
parentPort.postMessage({ type: 'ready' });
