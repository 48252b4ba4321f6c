import type { State } from '../observe/events.js';
import type { NodeSpec } from '../spec/model.js';
import { TeaError } from '../errors.js';
import { runExpression } from './nodes/expression.js';
import { withOnError } from './nodes/on-error.js';
import { runCode } from './nodes/run-code.js';
import { runSteps } from './nodes/steps.js';
import { runUses } from './nodes/uses.js';
import { runWhileLoop } from './nodes/while-loop.js';
import type { RunContext } from './run-context.js';

/**
 * Runs one node (or step) and returns its value: a mapping is an update, anything else
 * becomes `{"result": value}` in a node and is ignored in `steps:`; `undefined` = no update.
 */
export async function executeNode(node: NodeSpec, state: State, context: RunContext): Promise<unknown> {
  const run = () => executeKind(node, state, context);
  return node.onError ? withOnError(node, node.onError, context.signal, run) : run();
}

async function executeKind(node: NodeSpec, state: State, context: RunContext): Promise<unknown> {
  switch (node.kind) {
    case 'run':
      return runCode(node, state, context);
    case 'expression':
      return runExpression(node, state, context);
    case 'uses':
      return runUses(node, state, context);
    case 'steps':
      return runSteps(node.steps ?? [], state, context, executeNode);
    case 'while_loop':
      return runWhileLoop(node, state, context, executeNode);
    case 'dynamic_parallel':
      if (!context.options.fanOut) {
        throw new TeaError('INTERNAL', 'dynamic_parallel needs a fan-out runner', { node: node.name });
      }
      return context.options.fanOut.runDynamic(node, state, context);
    case 'none':
      return undefined;
  }
}
