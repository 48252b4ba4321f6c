import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { TeaError } from '../errors.js';
import { pyTypeName } from '../spec/findings.js';
import { markYamlFloats, pyYamlCustomTags } from '../spec/pyyaml-scalars.js';
import { pythonJsonError } from '../util/python-json-error.js';
import { parseJsonKeepingFloats } from '../util/python-floats.js';

const stdinNames = new Set(['-', '@-', '@/dev/stdin']);

/**
 * `--input`: JSON object text, `@file` (YAML for .yaml/.yml, else JSON), or `-` / `@-` for
 * standard input (how parallel branches receive their state). TEA's error texts.
 */
export function parseInputOption(value: string | undefined, readStdin: () => string = () => readFileSync(0, 'utf8')): Record<string, unknown> {
  if (value === undefined) return {};
  if (stdinNames.has(value)) return parseInlineJson(readStdin(), 'Invalid JSON in --input');
  if (value.startsWith('@')) return parseInputFile(value.slice(1));
  return parseInlineJson(value, 'Invalid JSON in --input');
}

function parseInlineJson(text: string, prefix: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseJsonKeepingFloats(text);
  } catch {
    throw new TeaError('BAD_INPUT', `${prefix}: ${pythonJsonError(text)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TeaError('BAD_INPUT', `Input must be a JSON object, got ${pyTypeName(value)}`);
  }
  return value as Record<string, unknown>;
}

function parseInputFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new TeaError('BAD_INPUT', `Input file not found: ${file}`);
  }
  let value: unknown;
  if (/\.ya?ml$/i.test(file)) {
    try {
      // Loaded only for a YAML input file: most runs never need the parser here.
      const yaml = createRequire(import.meta.url)('yaml') as typeof import('yaml');
      const document = yaml.parseDocument(text, { version: '1.1', customTags: pyYamlCustomTags });
      if (document.errors[0]) throw document.errors[0];
      value = document.toJS();
      markYamlFloats(document.contents, value, yaml);
    } catch (error) {
      throw new TeaError('BAD_INPUT', `Invalid YAML in input file: ${(error as Error).message.split('\n')[0]}`);
    }
  } else {
    try {
      value = parseJsonKeepingFloats(text);
    } catch {
      throw new TeaError('BAD_INPUT', `Invalid JSON in input file: ${pythonJsonError(text)}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TeaError('BAD_INPUT', `Input must be a mapping/object, got ${pyTypeName(value)}`);
  }
  return value as Record<string, unknown>;
}

/** `--secrets JSON|@file` and `--secrets-env PREFIX` (env wins, keys lower-cased). */
export function parseSecrets(value: string | undefined, envPrefix: string | undefined): Record<string, unknown> {
  const secrets = value === undefined ? {} : value.startsWith('@') ? parseInputFile(value.slice(1)) : parseInlineJson(value, 'Invalid JSON in --secrets');
  if (envPrefix) {
    for (const [key, item] of Object.entries(process.env)) {
      if (key.startsWith(envPrefix) && item !== undefined) secrets[key.slice(envPrefix.length).toLowerCase()] = item;
    }
  }
  return secrets;
}
