import { createRequire } from 'node:module';
import { writeSync } from 'node:fs';
import type { Logger as PinoLogger } from 'pino';
import { TeaError } from '../errors.js';

export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];
export type MessageLevel = Exclude<LogLevel, 'silent'>;

const rank: Record<LogLevel, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };
/** Python's level names, as TEA prints them (`WARNING: ...`). */
const textNames: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARNING', 50: 'ERROR', 60: 'CRITICAL' };

/** `--log-level` / `TEA_LOG_LEVEL` text as a level; `warning` (Python's name) is `warn`. */
export function normalizeLogLevel(value: string, source: string): LogLevel {
  const name = value.trim().toLowerCase();
  const level = name === 'warning' ? 'warn' : name === 'critical' ? 'fatal' : name;
  if ((logLevels as readonly string[]).includes(level)) return level as LogLevel;
  throw new TeaError('BAD_INPUT', `Expected \`${source}\` to be one of ${logLevels.join(', ')}, got \`${value}\``);
}

export interface Logger {
  readonly level: LogLevel;
  isEnabled(level: MessageLevel): boolean;
  log(level: MessageLevel, message: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  level: LogLevel;
  /** JSON lines appended to this file; otherwise `LEVEL: message {fields}` lines on `stderrFd`. */
  file?: string;
  stderrFd?: number;
}

/**
 * tea's own diagnostics. pino is loaded on the first message that passes the level, never
 * before: a branch child starts per item and must not pay for a logger it does not use.
 * Logs never go to stdout (it may carry the final JSON or NDJSON).
 */
export function makeLogger(options: LoggerOptions): Logger {
  let pino: PinoLogger | undefined;
  const threshold = rank[options.level];
  return {
    level: options.level,
    isEnabled: (level) => rank[level] >= threshold,
    log(level, message, fields = {}) {
      if (rank[level] < threshold) return;
      pino ??= loadPino(options);
      pino[level](fields, message);
    },
  };
}

function loadPino(options: LoggerOptions): PinoLogger {
  const require = createRequire(import.meta.url);
  const pino = require('pino') as typeof import('pino').default;
  if (options.file !== undefined) {
    return pino({ level: options.level }, pino.destination({ dest: options.file, sync: true, mkdir: true, append: true }));
  }
  const fd = options.stderrFd ?? 2;
  return pino({ level: options.level, base: undefined, timestamp: false }, { write: (line: string) => writeText(fd, line) });
}

/** A pino JSON line as TEA's log format: `WARNING: message` plus any fields as JSON. */
export function formatLogLine(line: string): string {
  const { level, msg, ...fields } = JSON.parse(line) as { level: number; msg?: string } & Record<string, unknown>;
  const extra = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  return `${textNames[level] ?? String(level)}: ${msg ?? ''}${extra}\n`;
}

function writeText(fd: number, line: string): void {
  let buffer = Buffer.from(formatLogLine(line));
  while (buffer.length > 0) {
    try {
      buffer = buffer.subarray(writeSync(fd, buffer));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      return; // stderr is gone: nowhere left to log
    }
  }
}
