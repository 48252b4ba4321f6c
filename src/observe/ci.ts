/** The CI services whose logs have foldable sections tea can use. */
export type CiKind = 'github' | 'gitlab' | 'azure' | 'buildkite' | 'generic';

/** The variables a CI service sets; tests strip them so CI detection never leaks into them. */
export const ciVariables = ['CI', 'CONTINUOUS_INTEGRATION', 'GITHUB_ACTIONS', 'GITLAB_CI', 'TF_BUILD', 'BUILDKITE', 'CIRCLECI', 'JENKINS_URL', 'TRAVIS', 'TEAMCITY_VERSION'] as const;

const isSet = (value: string | undefined) => value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';

/**
 * Which CI runs us, from the environment (as ci-info does, for the services we treat
 * apart); undefined outside CI. `CI=false` or `CI=0` means "not CI".
 */
export function detectCi(env: NodeJS.ProcessEnv = process.env): CiKind | undefined {
  if (isSet(env.GITHUB_ACTIONS)) return 'github';
  if (isSet(env.GITLAB_CI)) return 'gitlab';
  if (isSet(env.TF_BUILD)) return 'azure';
  if (isSet(env.BUILDKITE)) return 'buildkite';
  if (isSet(env.CI) || isSet(env.CONTINUOUS_INTEGRATION) || isSet(env.CIRCLECI) || isSet(env.JENKINS_URL) || isSet(env.TRAVIS) || isSet(env.TEAMCITY_VERSION)) {
    return 'generic';
  }
  return undefined;
}
