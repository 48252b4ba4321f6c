import { isPlainMapping } from '../../util/json-value.js';

/** One entry of `shell_providers`: how to run a coding agent's CLI. */
export interface ShellProviderConfig {
  command?: unknown;
  /** May hold `{prompt}` (the flattened messages) or, with `stdin_mode: file`, `{input_file}`. */
  args?: unknown;
  /** @default 'pipe' */
  stdin_mode?: unknown;
  /** Seconds. */
  timeout?: unknown;
  env?: unknown;
  /** Echo the command's stdout to stderr as it arrives. */
  verbose?: unknown;
  [key: string]: unknown;
}

const agentTimeout = 108_000; // 1800 minutes, TEA's value for every built-in agent

/** TEA's built-in providers, in TEA's order (it shows in the "Available:" list). */
export function defaultShellProviders(): Record<string, ShellProviderConfig> {
  return {
    claude: { command: 'claude', args: ['-p', '{prompt}', '--dangerously-skip-permissions', '--no-session-persistence'], timeout: agentTimeout },
    codex: {
      command: 'codex',
      args: ['--yolo', 'exec', '-c', 'model=gpt-5.5', '-c', 'model_reasoning_effort=xhigh', '-'],
      stdin_mode: 'pipe',
      timeout: agentTimeout,
    },
    gemini: { command: 'gemini', args: ['prompt'], stdin_mode: 'pipe', timeout: agentTimeout },
    qwen: { command: 'qwen', args: [], stdin_mode: 'pipe', timeout: agentTimeout },
    opencode: { command: 'opencode', args: ['-p', '{prompt}', '-q'], timeout: agentTimeout },
    cursor: { command: 'agent', args: ['-p', '{prompt}', '--output-format', 'text'], timeout: agentTimeout },
  };
}

/**
 * The providers a workflow can name: `settings.shell_providers` (legacy place), then
 * `settings.llm.shell_providers` (canonical, wins per name), then the built-ins for names
 * still missing. A workflow's entry replaces a built-in of the same name whole, as in TEA.
 */
export function resolveShellProviders(settings: Record<string, unknown>): Map<string, ShellProviderConfig> {
  const providers = new Map<string, ShellProviderConfig>();
  const llm = settings.llm;
  for (const source of [settings.shell_providers, isPlainMapping(llm) ? llm.shell_providers : undefined]) {
    if (!isPlainMapping(source)) continue;
    for (const [name, config] of Object.entries(source)) if (isPlainMapping(config)) providers.set(name, config);
  }
  for (const [name, config] of Object.entries(defaultShellProviders())) if (!providers.has(name)) providers.set(name, config);
  return providers;
}
