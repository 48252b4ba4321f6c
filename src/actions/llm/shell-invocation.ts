import { pyStr } from '../../template/index.js';
import { isPlainMapping } from '../../util/json-value.js';
import { expandEnvVars } from './env-expand.js';
import type { ShellProviderConfig } from './shell-providers.js';

/** Past this many characters TEA stops passing the prompt as an argument and pipes it instead. */
export const maxPromptArgChars = 100_000;

/** TEA's timeout when neither the node nor the provider sets one. */
export const defaultShellTimeoutSeconds = 300;

export interface ShellInvocation {
  command: string;
  args: string[];
  /** `pipe`: the prompt on stdin; `file`: the prompt in a temp file named by `{input_file}`; `none`: in the args. */
  promptVia: 'none' | 'pipe' | 'file';
  timeoutSeconds: number;
  env: NodeJS.ProcessEnv;
  verbose: boolean;
}

/**
 * How TEA runs a shell provider: `${VAR}` expanded in command, args and env; `{prompt}`
 * replaced in the args, unless the prompt is over 100 000 characters, when those args are
 * dropped and the prompt is piped; otherwise `stdin_mode` (pipe | file) carries it.
 * The timeout: the node's own `timeout`, else the provider's, else 300 s (TEA lets its
 * 300 s default override the provider's: core.md §9 item 11, not copied).
 */
export function makeShellInvocation(
  name: string,
  config: ShellProviderConfig,
  prompt: string,
  nodeTimeout: number | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ShellInvocation | { error: string; success: false } {
  const command = expandEnvVars(pyStr(config.command ?? name), env);
  const rawArgs = Array.isArray(config.args) ? config.args : [];
  const args = rawArgs.map((arg) => (typeof arg === 'string' ? expandEnvVars(arg, env) : pyStr(arg)));
  const timeoutSeconds = nodeTimeout ?? toSeconds(config.timeout) ?? defaultShellTimeoutSeconds;
  const base = { command, timeoutSeconds, env: childEnvironment(config.env, env), verbose: isVerbose(config, env) };
  const promptInArgs = args.some((arg) => arg.includes('{prompt}'));
  if (promptInArgs && codePointLength(prompt) > maxPromptArgChars) {
    return { ...base, args: args.filter((arg) => !arg.includes('{prompt}')), promptVia: 'pipe' };
  }
  if (promptInArgs) return { ...base, args: args.map((arg) => arg.split('{prompt}').join(prompt)), promptVia: 'none' };
  const mode = config.stdin_mode ?? 'pipe';
  if (mode === 'pipe') return { ...base, args, promptVia: 'pipe' };
  if (mode === 'file') return { ...base, args, promptVia: 'file' };
  return { error: `Unknown stdin_mode: ${pyStr(mode)}. Use 'pipe' or 'file'.`, success: false };
}

/** The parent's environment plus the provider's `env`, expanded. */
function childEnvironment(extra: unknown, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const result = { ...env };
  if (isPlainMapping(extra)) {
    for (const [key, value] of Object.entries(extra)) result[key] = typeof value === 'string' ? expandEnvVars(value, env) : pyStr(value);
  }
  return result;
}

/** The provider's `verbose`, or `TEA_SHELL_VERBOSE` = 1/true/yes for every provider. */
function isVerbose(config: ShellProviderConfig, env: NodeJS.ProcessEnv): boolean {
  return config.verbose === true || ['1', 'true', 'yes'].includes((env.TEA_SHELL_VERBOSE ?? '').toLowerCase());
}

/** A timeout in seconds from YAML (number or numeric text); anything else counts as unset. */
export function toSeconds(value: unknown): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

/** Python's `len()` counts code points, not UTF-16 units. */
function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}
