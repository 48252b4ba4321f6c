import { closeSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLogLine, makeLogger, normalizeLogLevel } from '../../src/observe/logger.js';
import { tempDir } from '../helpers/run-cli.js';

const pinoLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes(`${path.sep}pino${path.sep}`));

describe('logs', () => {
  it('pino is loaded only when a message passes the level; lines are TEA\'s `LEVEL: message` on the fd', () => {
    const file = path.join(tempDir(), 'stderr.txt');
    const fd = openSync(file, 'w');
    const logger = makeLogger({ level: 'info', stderrFd: fd });
    logger.log('debug', 'not shown', { a: 1 });
    expect(pinoLoaded()).toBe(false);
    logger.log('info', 'fan-out started', { node: 'fan', branches: 3 });
    logger.log('warn', 'careful');
    closeSync(fd);
    expect(pinoLoaded()).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('INFO: fan-out started {"node":"fan","branches":3}\nWARNING: careful\n');
  });

  it('--log-file: pino JSON lines with level, time and pid', () => {
    const file = path.join(tempDir(), 'tea.log');
    makeLogger({ level: 'debug', file }).log('debug', 'node started', { node: 'a' });
    const record = JSON.parse(readFileSync(file, 'utf8').trim());
    expect(record).toMatchObject({ level: 20, msg: 'node started', node: 'a', pid: process.pid });
    expect(typeof record.time).toBe('number');
  });

  it('levels: Python names are accepted, anything else is refused with the valid ones', () => {
    expect(normalizeLogLevel('WARNING', '--log-level')).toBe('warn');
    expect(normalizeLogLevel('critical', '--log-level')).toBe('fatal');
    expect(() => normalizeLogLevel('loud', 'TEA_LOG_LEVEL')).toThrow('Expected `TEA_LOG_LEVEL` to be one of trace, debug, info, warn, error, fatal, silent, got `loud`');
    expect(formatLogLine('{"level":60,"msg":"x"}')).toBe('CRITICAL: x\n');
  });
});
