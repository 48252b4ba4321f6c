/** How deep a `tea` is in a tree of branch children; guards against a fan-out that recurses forever. */
export const depthVariable = 'TEA_BRANCH_DEPTH';

/** A child's environment: ours, with its depth one more. */
export function childEnvironment(): NodeJS.ProcessEnv {
  const depth = Number(process.env[depthVariable] ?? 0);
  return { ...process.env, [depthVariable]: String(depth + 1) };
}
