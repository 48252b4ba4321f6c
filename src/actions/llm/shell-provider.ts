import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TeaError } from '../../errors.js';
import { pyRepr, pyStr } from '../../template/index.js';
import type { ActionContext } from '../types.js';
import { flattenMessages } from './messages.js';
import { runCommand, type CommandOutcome } from './shell-runner.js';
import { makeShellInvocation, type ShellInvocation } from './shell-invocation.js';
import { resolveShellProviders } from './shell-providers.js';

/**
 * `llm.call` with `provider: shell`: runs a coding agent's CLI with the flattened messages.
 * Success is `{content: stdout.strip(), usage: {}, provider: "shell", shell_provider}`;
 * failures are returned as `{error, success: false}` with TEA's texts. An abort of the run
 * kills the agent's process group and raises `Cancelled`.
 */
export async function callShellProvider(name: string, messages: unknown[], nodeTimeout: number | undefined, context: ActionContext) {
  const providers = resolveShellProviders(context.settings);
  const config = providers.get(name);
  if (!config) return { error: `Shell provider '${name}' not configured. Available: ${pyRepr([...providers.keys()])}`, success: false };
  const prompt = flattenMessages(messages, context.node);
  const invocation = makeShellInvocation(name, config, prompt, nodeTimeout);
  if ('error' in invocation) return invocation;
  const inputFile = invocation.promptVia === 'file' ? await writePromptFile(prompt) : undefined;
  let outcome: CommandOutcome;
  try {
    outcome = await runCommand({
      command: invocation.command,
      args: inputFile ? invocation.args.map((arg) => arg.split('{input_file}').join(inputFile)) : invocation.args,
      env: invocation.env,
      input: invocation.promptVia === 'pipe' ? prompt : undefined,
      timeoutMs: invocation.timeoutSeconds * 1000,
      signal: context.signal,
      onStdout: invocation.verbose ? (text) => (context.printError ?? writeStderr)(text) : undefined,
    });
  } finally {
    if (inputFile) await rm(inputFile, { force: true });
  }
  return toResult(outcome, invocation, name, context);
}

/** The command's outcome in TEA's result or failure shape. */
function toResult(outcome: CommandOutcome, invocation: ShellInvocation, name: string, context: ActionContext) {
  switch (outcome.kind) {
    case 'cancelled':
      throw new TeaError('NODE_FAILED', 'Cancelled', { node: context.node });
    case 'timed_out':
      return { error: `Shell command timed out after ${pyStr(invocation.timeoutSeconds)}s`, success: false };
    case 'spawn_failed':
      if (outcome.error.code === 'ENOENT') return { error: `Shell command not found: ${invocation.command}`, success: false };
      return { error: `Shell command execution error: ${spawnErrorText(outcome.error, invocation.command)}`, success: false };
    case 'exited': {
      // Python's text mode turns \r\n into \n on both streams.
      const stdout = outcome.stdout.replace(/\r\n?/g, '\n');
      const stderr = outcome.stderr.replace(/\r\n?/g, '\n');
      if (outcome.exitCode !== 0) return { error: `Shell command failed (exit ${outcome.exitCode}): ${stderr}`, success: false };
      return { content: stdout.trim(), usage: {}, provider: 'shell', shell_provider: name };
    }
  }
}

/** TEA writes the prompt to a NamedTemporaryFile (`.txt`) and deletes it afterwards. */
async function writePromptFile(prompt: string): Promise<string> {
  const file = path.join(tmpdir(), `tmp${randomBytes(6).toString('hex')}.txt`);
  await writeFile(file, prompt, { encoding: 'utf8', flag: 'wx', mode: 0o600 });
  return file;
}

/** Python's PermissionError text for a command that is not executable. */
function spawnErrorText(error: NodeJS.ErrnoException, command: string): string {
  if (error.code === 'EACCES') return `[Errno 13] Permission denied: '${command}'`;
  return error.message;
}

/** Where `verbose` output goes when the engine gives no stderr sink. */
function writeStderr(text: string): void {
  process.stderr.write(text);
}
