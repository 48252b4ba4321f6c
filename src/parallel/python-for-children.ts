import type { Workflow } from '../spec/model.js';

/**
 * Resolves the real python3 once in the parent and hands it to every branch child in
 * `TEA_PYTHON`, so a hundred children do not each pay for resolving a pyenv shim.
 */
export async function preparePythonForChildren(workflow: Workflow): Promise<void> {
  if (process.env.TEA_PYTHON || !usesPython(workflow)) return;
  const { resolvePythonInterpreter } = await import('../runtimes/python/interpreter.js');
  try {
    process.env.TEA_PYTHON = await resolvePythonInterpreter();
  } catch {
    // No python3: each child reports that itself, on the block that needs it.
  }
}

function usesPython(workflow: Workflow): boolean {
  const stack = [...workflow.nodes];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.language === 'python' || node.kind === 'expression' || node.dynamic?.mode === 'subgraph') return true;
    stack.push(...(node.steps ?? []), ...(node.dynamic?.steps ?? []), ...(node.loop?.body ?? []));
  }
  return false;
}
