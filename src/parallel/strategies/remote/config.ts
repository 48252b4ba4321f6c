import { readFileSync } from 'node:fs';
import { TeaError } from '../../../errors.js';
import { expandEnvVars } from '../../../actions/llm/env-expand.js';
import type { JsonObject } from '../../../spec/model.js';
import { isPlainMapping } from '../../../util/json-value.js';

/** `settings.parallel.remote` (and a node's `remote:`), normalised once. */
export interface RemoteConfig {
  backend: 'bullmq' | 'ssh';
  bullmq: BullmqConfig;
  ssh: SshConfig;
}

export interface BullmqConfig {
  /** redis:// or rediss:// URL; a password in it must come from the environment. */
  url: string;
  /** From TEA_REDIS_PASSWORD or `redis_password_file`, never from the workflow. */
  password?: string;
  /** @default 'tea-branches' */
  queue: string;
  /** Times a branch is restarted on another worker after its worker died. @default 1 */
  workerRetries: number;
  /** `ship` sends the workflow files with the job; `shared` uses the same paths on the worker. @default 'ship' */
  transfer: 'ship' | 'shared';
}

export interface SshConfig {
  /** TEA's `hosts`; `N/host` gives a host N slots (GNU parallel's form). */
  hosts: { login: string; slots?: number }[];
  /** An ssh_config file (`ssh -F`). */
  sshConfig?: string;
  /** The ssh command GNU parallel uses. @default 'ssh' */
  ssh: string;
  /** TEA's `workdir`: remote folder for job files. @default '/tmp/tea-jobs' */
  workdir: string;
  /** TEA's `cleanup`: delete the job folder afterwards. @default true */
  cleanup: boolean;
  /** How to start tea on a host. @default 'tea' (or `./<basefile>` when `basefile` is set) */
  teaCommand: string;
  /** TEA's `basefile`: a file copied to each host before the job (a tea launcher). */
  basefile?: string;
  /** TEA's `env_vars`: variables passed to remote branches (values never logged). */
  envVars: { include: string[]; excludePatterns: string[]; mode: 'ssh_env' | 'export_file' | 'none' };
}

/** Environment variables that override the workflow (the `tea run` flags set them). */
export const remoteEnv = {
  backend: 'TEA_REMOTE_BACKEND',
  redis: 'TEA_REDIS_URL',
  password: 'TEA_REDIS_PASSWORD',
  queue: 'TEA_REMOTE_QUEUE',
  hosts: 'TEA_REMOTE_HOSTS',
  sshConfig: 'TEA_SSH_CONFIG',
} as const;

export const defaultQueue = 'tea-branches';

/**
 * Merges `settings.parallel.remote`, then the node's `remote:`, then the environment (set by
 * `tea run --redis/--queue/--hosts`), and checks the result. `${VAR}` is expanded in values.
 */
export function resolveRemoteConfig(settings: JsonObject, nodeRemote?: unknown, env: NodeJS.ProcessEnv = process.env): RemoteConfig {
  const parallel = isPlainMapping(settings.parallel) ? settings.parallel : {};
  const fromSettings = isPlainMapping(parallel.remote) ? parallel.remote : {};
  const raw: JsonObject = { ...fromSettings, ...(isPlainMapping(nodeRemote) ? nodeRemote : {}) };
  throwOnLiteralSecret(raw);
  const merged = expandEnvVars(raw, env);
  const hosts = env[remoteEnv.hosts] ? env[remoteEnv.hosts]!.split(',') : merged.hosts;
  const url = env[remoteEnv.redis] || stringOf(merged.redis ?? merged.redis_url ?? merged.url);
  const backend = normalizeBackend(env[remoteEnv.backend] || merged.backend, hosts, url);
  return {
    backend,
    bullmq: {
      url: url || 'redis://127.0.0.1:6379/0',
      password: readPassword(merged, env),
      queue: normalizeQueue(env[remoteEnv.queue] || stringOf(merged.queue) || defaultQueue),
      workerRetries: normalizeCount('worker_retries', merged.worker_retries ?? 1),
      transfer: normalizeTransfer(merged.workflow_transfer ?? merged.transfer),
    },
    ssh: normalizeSsh(merged, hosts, env),
  };
}

function normalizeBackend(value: unknown, hosts: unknown, url: string | undefined): 'bullmq' | 'ssh' {
  if (value === 'bullmq' || value === 'ssh') return value;
  if (value !== undefined && value !== null && value !== '') {
    throw new TeaError('BAD_INPUT', `Expected \`remote.backend\` to be \`bullmq\` or \`ssh\`, got \`${String(value)}\``);
  }
  if (Array.isArray(hosts) && hosts.length > 0 && !url) return 'ssh';
  if (url) return 'bullmq';
  // TEA's message: a remote section needs hosts (or, ours, a Redis URL).
  throw new TeaError('BAD_INPUT', 'At least one host must be specified for remote execution (or `remote.redis` / --redis for the BullMQ backend)');
}

function normalizeSsh(merged: JsonObject, hosts: unknown, env: NodeJS.ProcessEnv): SshConfig {
  const list = Array.isArray(hosts) ? hosts.map(String).map((host) => host.trim()).filter(Boolean) : [];
  const basefile = stringOf(merged.basefile);
  const envVars = isPlainMapping(merged.env_vars) ? merged.env_vars : {};
  const mode = envVars.mode ?? 'export_file';
  if (mode !== 'ssh_env' && mode !== 'export_file' && mode !== 'none') {
    throw new TeaError('BAD_INPUT', `Expected \`remote.env_vars.mode\` to be \`ssh_env\`, \`export_file\` or \`none\`, got \`${String(mode)}\``);
  }
  return {
    hosts: list.map(parseLogin),
    sshConfig: env[remoteEnv.sshConfig] || stringOf(merged.ssh_config),
    ssh: stringOf(merged.ssh) || 'ssh',
    workdir: stringOf(merged.workdir) || '/tmp/tea-jobs',
    cleanup: merged.cleanup !== false,
    teaCommand: stringOf(merged.tea_command) || (basefile ? `./${basefile.split('/').pop()}` : 'tea'),
    basefile,
    envVars: {
      include: Array.isArray(envVars.include) ? envVars.include.map(String) : [],
      excludePatterns: Array.isArray(envVars.exclude_patterns) ? envVars.exclude_patterns.map(String) : [],
      mode,
    },
  };
}

/** GNU parallel's `N/login` form: N job slots on that host. */
function parseLogin(text: string): { login: string; slots?: number } {
  const match = /^(\d+)\/(.+)$/.exec(text);
  return match ? { login: match[2]!, slots: Number(match[1]) } : { login: text };
}

/** Secrets only from the environment or a file: a password typed into the YAML is refused. */
function throwOnLiteralSecret(raw: JsonObject): void {
  for (const key of ['redis', 'redis_url', 'url']) {
    const value = raw[key];
    if (typeof value === 'string' && /^rediss?:\/\/[^/@]*:[^/@]+@/.test(value) && !/:\$\{[^}]+\}@/.test(value)) {
      throw new TeaError(
        'BAD_INPUT',
        `\`remote.${key}\` holds a password; put it in ${remoteEnv.password} or \`remote.redis_password_file\`, or write the URL as \${TEA_REDIS_URL}`,
      );
    }
  }
  if (raw.redis_password !== undefined || raw.password !== undefined) {
    throw new TeaError('BAD_INPUT', `A Redis password cannot be written in the workflow; use ${remoteEnv.password} or \`remote.redis_password_file\``);
  }
}

function readPassword(merged: JsonObject, env: NodeJS.ProcessEnv): string | undefined {
  if (env[remoteEnv.password]) return env[remoteEnv.password];
  const file = stringOf(merged.redis_password_file);
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new TeaError('FILE_NOT_FOUND', `Cannot read \`remote.redis_password_file\` ${file}: ${(error as Error).message}`, { file });
  }
}

/** BullMQ queue names cannot hold `:`. */
function normalizeQueue(name: string): string {
  if (name.includes(':')) throw new TeaError('BAD_INPUT', `Expected \`remote.queue\` without ':', got \`${name}\``);
  return name;
}

function normalizeTransfer(value: unknown): 'ship' | 'shared' {
  if (value === undefined || value === null || value === 'ship') return 'ship';
  if (value === 'shared') return 'shared';
  throw new TeaError('BAD_INPUT', `Expected \`remote.workflow_transfer\` to be \`ship\` or \`shared\`, got \`${String(value)}\``);
}

function normalizeCount(name: string, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw new TeaError('BAD_INPUT', `Expected \`remote.${name}\` to be a non-negative integer, got \`${String(value)}\``);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** A URL fit for logs: the password (if any) replaced by `***`. */
export function redactUrl(url: string): string {
  return url.replace(/^(rediss?:\/\/[^/@:]*:)[^/@]+@/, '$1***@');
}
