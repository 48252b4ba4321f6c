import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { llmCall } from '../../src/actions/llm/llm-call.js';
import { llmChat } from '../../src/actions/llm/llm-chat.js';
import type { ActionContext } from '../../src/actions/types.js';
import { fakeAgent, isProcessAlive, makeContext, waitFor } from './context.js';

const dir = mkdtempSync(path.join(tmpdir(), 'tea-shell-'));
const messages = [
  { role: 'system', content: 'Be brief.' },
  { role: 'user', content: 'Fix the bug' },
  { role: 'assistant', content: 'Which one?' },
  { role: 'user', content: 'The "quoted" one; $HOME stays literal' },
];
const flattened = 'System: Be brief.\n\nFix the bug\n\nAssistant: Which one?\n\nThe "quoted" one; $HOME stays literal';

function contextFor(provider: Record<string, unknown>, overrides: Partial<ActionContext> = {}) {
  return makeContext({ settings: { llm: { shell_providers: { fake: { command: fakeAgent, ...provider } } } }, ...overrides });
}

async function callFake(provider: Record<string, unknown>, params: Record<string, unknown> = {}, overrides: Partial<ActionContext> = {}) {
  return (await llmCall({ provider: 'shell', shell_provider: 'fake', messages, ...params }, contextFor(provider, overrides))) as Record<string, unknown>;
}

const report = (result: Record<string, unknown>) => JSON.parse(result.content as string) as { args: string[]; stdin: string; files: Record<string, string>; env: Record<string, string> };

afterEach(() => vi.unstubAllEnvs());

describe('llm.call provider: shell', () => {
  it("passes the flattened prompt as an argument, no shell involved, and returns TEA's shape", async () => {
    const result = await callFake({ args: ['-p', '{prompt}', '--quiet'] });
    expect(result).toEqual({ content: expect.any(String), usage: {}, provider: 'shell', shell_provider: 'fake' });
    expect(result.content).toMatch(/^\{.*\}$/); // stdout.strip()
    expect(report(result)).toMatchObject({ args: ['-p', flattened, '--quiet'], stdin: '' });
  });

  it('pipes the prompt on stdin when no argument holds {prompt}', async () => {
    expect(report(await callFake({ args: ['exec', '-'], stdin_mode: 'pipe' }))).toMatchObject({ args: ['exec', '-'], stdin: flattened });
    expect(report(await callFake({}, { messages: undefined, prompt: 'hi', system: 'sys' }))).toMatchObject({ args: [], stdin: 'System: sys\n\nhi' });
  });

  it('stdin_mode: file writes the prompt to a temp file named by {input_file}, removed afterwards', async () => {
    const { args, files } = report(await callFake({ args: ['--file', '{input_file}'], stdin_mode: 'file' }));
    expect(args[0]).toBe('--file');
    expect(files[args[1]!]).toBe(flattened);
    expect(existsSync(args[1]!)).toBe(false);
  });

  it('over 100 000 characters the prompt goes to stdin and the {prompt} arguments are dropped', async () => {
    const big = 'x'.repeat(100_001);
    const piped = report(await callFake({ args: ['-p', '{prompt}', '--quiet'] }, { messages: [{ role: 'user', content: big }] }));
    expect(piped.args).toEqual(['-p', '--quiet']);
    expect(piped.stdin).toBe(big);
    const exact = report(await callFake({ args: ['{prompt}'] }, { messages: [{ role: 'user', content: big.slice(1) }] }));
    expect(exact.args[0]).toHaveLength(100_000);
  });

  it('expands ${VAR} and ${VAR:-default} in command, args and env (set but empty stays empty)', async () => {
    vi.stubEnv('TEA_TEST_AGENT', fakeAgent);
    vi.stubEnv('TEA_TEST_SET', 'value');
    vi.stubEnv('TEA_TEST_EMPTY', '');
    delete process.env.TEA_TEST_UNSET;
    const result = await callFake({
      command: '${TEA_TEST_AGENT}',
      args: ['--model=${TEA_TEST_UNSET:-fallback}'],
      env: { FAKE_SET: '${TEA_TEST_SET}', FAKE_UNSET: '${TEA_TEST_UNSET}', FAKE_DEFAULT: '${TEA_TEST_UNSET:-d}', FAKE_EMPTY: '${TEA_TEST_EMPTY:-d}', FAKE_NUMBER: 3 },
    });
    expect(report(result)).toMatchObject({
      args: ['--model=fallback'],
      env: { FAKE_SET: 'value', FAKE_UNSET: '', FAKE_DEFAULT: 'd', FAKE_EMPTY: '', FAKE_NUMBER: '3' },
    });
  });

  it('verbose echoes the output to stderr as it arrives', async () => {
    const context = contextFor({ verbose: true });
    const result = (await llmCall({ provider: 'shell', shell_provider: 'fake', prompt: 'p' }, context)) as Record<string, unknown>;
    expect(context.printedErrors.join('')).toContain(result.content as string);
  });

  it("returns TEA's failure texts", async () => {
    expect(await callFake({ env: { FAKE_AGENT_EXIT: '3' } })).toEqual({ error: 'Shell command failed (exit 3): boom\n', success: false });
    expect(await callFake({ command: '/no/such/agent' })).toEqual({ error: 'Shell command not found: /no/such/agent', success: false });
    expect(await callFake({ stdin_mode: 'socket' })).toEqual({ error: "Unknown stdin_mode: socket. Use 'pipe' or 'file'.", success: false });
    expect(await callFake({}, { shell_provider: 'nope' })).toEqual({
      error: "Shell provider 'nope' not configured. Available: ['fake', 'claude', 'codex', 'gemini', 'qwen', 'opencode', 'cursor']",
      success: false,
    });
    expect(await callFake({}, { shell_provider: undefined })).toEqual({ error: "provider='shell' requires shell_provider parameter (e.g., shell_provider='claude')", success: false });
    expect(await callFake({}, { messages: undefined })).toEqual({ error: 'Missing required parameter: prompt or messages', success: false });
  });

  it('a timeout kills the whole process group, grandchild included', async () => {
    const pidFile = path.join(dir, 'timeout.pids');
    const result = await callFake({ env: { FAKE_AGENT_HANG: pidFile }, timeout: 600 }, { timeout: 1.5 });
    expect(result).toEqual({ error: 'Shell command timed out after 1.5s', success: false });
    const pids = readFileSync(pidFile, 'utf8').split(' ').map(Number);
    expect(pids).toHaveLength(2);
    expect(await waitFor(() => pids.every((pid) => !isProcessAlive(pid)), 5000)).toBe(true);
  });

  it('processes that ignore SIGTERM get SIGKILL after the grace period', async () => {
    const pidFile = path.join(dir, 'stubborn.pids');
    const result = await callFake({ env: { FAKE_AGENT_HANG: pidFile, FAKE_AGENT_STUBBORN: '1' }, timeout: 1.5 });
    expect(result).toMatchObject({ error: 'Shell command timed out after 1.5s' });
    const pids = readFileSync(pidFile, 'utf8').split(' ').map(Number);
    expect(await waitFor(() => pids.every((pid) => !isProcessAlive(pid)), 5000)).toBe(true);
  });

  it('an abort of the run kills the group and raises Cancelled', async () => {
    const pidFile = path.join(dir, 'abort.pids');
    const controller = new AbortController();
    const pending = callFake({ env: { FAKE_AGENT_HANG: pidFile } }, {}, { signal: controller.signal });
    expect(await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').includes(' '))).toBe(true);
    const pids = readFileSync(pidFile, 'utf8').split(' ').map(Number);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ message: 'Cancelled', node: 'n' });
    expect(await waitFor(() => pids.every((pid) => !isProcessAlive(pid)), 5000)).toBe(true);
  });

  it('an already aborted run starts nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(callFake({}, {}, { signal: controller.signal })).rejects.toThrow('Cancelled');
  });

  it('settings.llm keys are injected when the node does not set them', async () => {
    const context = makeContext({ settings: { llm: { provider: 'shell', shell_provider: 'fake', shell_providers: { fake: { command: fakeAgent, args: ['{prompt}'] } } } } });
    expect(report((await llmCall({ prompt: 'hello' }, context)) as Record<string, unknown>).args).toEqual(['hello']);
  });

  it('llm.chat requires messages and otherwise behaves as llm.call', async () => {
    const context = contextFor({ args: ['{prompt}'] });
    expect(report((await llmChat({ provider: 'shell', shell_provider: 'fake', messages: [{ role: 'user', content: 'hi' }] }, context)) as Record<string, unknown>).args).toEqual(['hi']);
    expect(() => llmChat({ provider: 'shell' }, context)).toThrow("llm_chat_local() missing 1 required positional argument: 'messages'");
  });
});
