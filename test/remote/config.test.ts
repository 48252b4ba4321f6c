import { describe, expect, it } from 'vitest';
import { resolveRemoteConfig, redactUrl } from '../../src/parallel/strategies/remote/config.js';
import { decodeFailure, encodeFailure, incompatibility } from '../../src/parallel/strategies/remote/protocol.js';
import { exportLines, remoteCommand, shellQuote } from '../../src/parallel/strategies/remote/ssh-command.js';

const settings = (remote: Record<string, unknown>) => ({ parallel: { strategy: 'remote', remote } });

describe('remote settings', () => {
  it('TEA\'s SSH settings pick the ssh backend; N/host gives slots', () => {
    const config = resolveRemoteConfig(settings({ hosts: ['2/alpha', 'beta'], workdir: '/srv/tea', cleanup: false }), undefined, {});
    expect(config.backend).toBe('ssh');
    expect(config.ssh).toMatchObject({ hosts: [{ login: 'alpha', slots: 2 }, { login: 'beta' }], workdir: '/srv/tea', cleanup: false, teaCommand: 'tea' });
  });

  it('a Redis URL picks BullMQ; the node and then the command line (environment) win', () => {
    const base = settings({ redis: 'redis://a:6379/0', queue: 'one' });
    expect(resolveRemoteConfig(base, undefined, {}).bullmq).toMatchObject({ url: 'redis://a:6379/0', queue: 'one', workerRetries: 1, transfer: 'ship' });
    expect(resolveRemoteConfig(base, { queue: 'two' }, {}).bullmq.queue).toBe('two');
    const env = { TEA_REDIS_URL: 'redis://b:6379/1', TEA_REMOTE_QUEUE: 'three' };
    expect(resolveRemoteConfig(base, { queue: 'two' }, env).bullmq).toMatchObject({ url: 'redis://b:6379/1', queue: 'three' });
    expect(resolveRemoteConfig(settings({ hosts: ['h'] }), undefined, { TEA_REMOTE_BACKEND: 'bullmq', TEA_REDIS_URL: 'redis://c' }).backend).toBe('bullmq');
  });

  it('without hosts or Redis: TEA\'s message', () => {
    expect(() => resolveRemoteConfig(settings({}), undefined, {})).toThrow('At least one host must be specified for remote execution');
  });

  it('secrets only from the environment or a file: a password in the workflow is refused, and never printed', () => {
    expect(() => resolveRemoteConfig(settings({ redis: 'redis://user:hunter2@host:6379' }), undefined, {})).toThrow(/TEA_REDIS_PASSWORD/);
    expect(() => resolveRemoteConfig(settings({ redis: 'redis://host', redis_password: 'x' }), undefined, {})).toThrow(/cannot be written in the workflow/);
    const config = resolveRemoteConfig(settings({ redis: '${SECRET_URL}' }), undefined, { SECRET_URL: 'redis://u:hunter2@host:6379', TEA_REDIS_PASSWORD: 'pw' });
    expect(config.bullmq).toMatchObject({ url: 'redis://u:hunter2@host:6379', password: 'pw' });
    expect(redactUrl(config.bullmq.url)).toBe('redis://u:***@host:6379');
  });

  it('queue names cannot hold ":" (BullMQ)', () => {
    expect(() => resolveRemoteConfig(settings({ redis: 'redis://h', queue: 'a:b' }), undefined, {})).toThrow("without ':'");
  });
});

describe('remote protocol', () => {
  it('versions: same protocol and same major (same minor while 0.x)', () => {
    const ours = { protocol: 1, version: '0.1.0' };
    expect(incompatibility({ v: 1, teaVersion: '0.1.7' }, ours)).toBeUndefined();
    expect(incompatibility({ v: 1, teaVersion: '0.2.0' }, ours)).toMatch(/This worker runs tea 0\.1\.0.*the job comes from tea 0\.2\.0/);
    expect(incompatibility({ v: 2, teaVersion: '0.1.0' }, ours)).toMatch(/protocol 2/);
    expect(incompatibility({ v: 1, teaVersion: '1.4.0' }, { protocol: 1, version: '1.9.2' })).toBeUndefined();
  });

  it('failure reasons round-trip; BullMQ\'s own stalled text means a lost worker', () => {
    expect(decodeFailure(encodeFailure({ kind: 'cancelled', message: 'x' }))).toEqual({ kind: 'cancelled', message: 'x' });
    expect(decodeFailure('job stalled more than allowable limit').kind).toBe('worker_lost');
  });
});

describe('SSH command lines', () => {
  it('quotes every word it did not write, and loads then deletes the environment file', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote('/plain/path.yaml')).toBe('/plain/path.yaml');
    const command = remoteCommand({ teaCommand: 'tea', teaArgs: ['run', '/w/a b.yaml', '--input', '-'], cleanup: true, envFile: true });
    expect(command).toBe("cd {} && . ./env.sh; rm -f ./env.sh; TEA_PARALLEL_STRATEGY=process tea run '/w/a b.yaml' --input - 3>&2 < in.json; rc=$?; cd .. && rm -rf {}; exit $rc");
    expect(exportLines(['A', 'B', 'MISSING'], { A: "x'y", B: 'plain' })).toBe("export A='x'\\''y'\nexport B=plain\n");
  });
});
