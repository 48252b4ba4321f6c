import type { ErrorObject } from 'ajv';
import { pyRepr } from '../../template/index.js';

/** One entry of `data.validate`'s `errors`, as TEA builds it from a jsonschema ValidationError. */
export interface SchemaError {
  path: string;
  message: string;
}

/**
 * Ajv's errors (`allErrors`, `verbose`) rewritten the way Python's jsonschema Draft7Validator
 * reports them: its message texts, its dotted paths, one error per failing combinator
 * (sub-errors of anyOf/oneOf/contains dropped), and the schema's key order.
 */
export function toSchemaErrors(errors: ErrorObject[], schema: unknown): SchemaError[] {
  const wrappers = errors.filter((error) => ['anyOf', 'oneOf', 'contains'].includes(error.keyword));
  const kept = errors.filter(
    (error) =>
      error.keyword !== 'if' &&
      error.keyword !== 'propertyNames' &&
      !wrappers.some((wrapper) => wrapper !== error && error.schemaPath.startsWith(`${wrapper.schemaPath}/`)),
  );
  const merged = mergeExtras(kept);
  const order = (error: ErrorObject) => schemaOrder(schema, error.schemaPath);
  merged.sort((a, b) => compareKeys(order(a), order(b)));
  return merged.map((error) => ({ path: dottedPath(error), message: messageFor(error) }));
}

/** jsonschema reports all unexpected properties of one object in a single error. */
function mergeExtras(errors: ErrorObject[]): ErrorObject[] {
  const result: ErrorObject[] = [];
  for (const error of errors) {
    const previous = result.find((item) => item.keyword === 'additionalProperties' && item.schemaPath === error.schemaPath && item.instancePath === error.instancePath);
    if (error.keyword === 'additionalProperties' && previous) {
      (previous.params.extras as string[]).push(error.params.additionalProperty as string);
      continue;
    }
    result.push(error.keyword === 'additionalProperties' ? { ...error, params: { ...error.params, extras: [error.params.additionalProperty] } } : error);
  }
  return result;
}

/** TEA joins jsonschema's `absolute_path` with dots; Ajv gives a JSON pointer. */
function dottedPath(error: ErrorObject): string {
  if (!error.instancePath) return '';
  return error.instancePath.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
}

/** Indices of each schema-path step among its parent's keys: jsonschema walks keywords in that order. */
function schemaOrder(schema: unknown, schemaPath: string): number[] {
  const steps = schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean);
  const indices: number[] = [];
  let current = schema;
  for (const raw of steps) {
    const step = decodeURIComponent(raw.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (!current || typeof current !== 'object') break;
    const keys = Object.keys(current);
    indices.push(keys.includes(step) ? keys.indexOf(step) : keys.length);
    current = (current as Record<string, unknown>)[step];
  }
  return indices;
}

/** Lexicographic order of two index paths; a parent sorts before its children. */
function compareKeys(a: number[], b: number[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) if (a[index] !== b[index]) return a[index]! - b[index]!;
  return a.length - b.length;
}

/** jsonschema 4's message for each keyword; Ajv's own text where there is no counterpart. */
function messageFor(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const instance = pyRepr(error.propertyName ?? error.data);
  const limit = params.limit as number;
  const count = (empty: string, few: string, many: string, isMin: boolean) => `${instance} ${isMin ? (limit === 1 ? empty : few) : limit === 0 ? 'is expected to be empty' : many}`;
  switch (error.keyword) {
    case 'type':
      return `${instance} is not of type ${[params.type].flat().map((type) => pyRepr(type)).join(', ')}`;
    case 'required':
      return `${pyRepr(params.missingProperty)} is a required property`;
    case 'additionalProperties': {
      const extras = params.extras as string[];
      return `Additional properties are not allowed (${extras.map((extra) => pyRepr(extra)).join(', ')} ${extras.length === 1 ? 'was' : 'were'} unexpected)`;
    }
    case 'additionalItems': {
      const extras = (error.data as unknown[]).slice(limit);
      return `Additional items are not allowed (${extras.map((extra) => pyRepr(extra)).join(', ')} ${extras.length === 1 ? 'was' : 'were'} unexpected)`;
    }
    case 'minLength':
    case 'minItems':
      return count('should be non-empty', 'is too short', '', true);
    case 'maxLength':
    case 'maxItems':
      return count('', '', 'is too long', false);
    case 'minProperties':
      return count('should be non-empty', 'does not have enough properties', '', true);
    case 'maxProperties':
      return count('', '', 'has too many properties', false);
    case 'minimum':
      return `${instance} is less than the minimum of ${pyRepr(limit)}`;
    case 'maximum':
      return `${instance} is greater than the maximum of ${pyRepr(limit)}`;
    case 'exclusiveMinimum':
      return `${instance} is less than or equal to the minimum of ${pyRepr(limit)}`;
    case 'exclusiveMaximum':
      return `${instance} is greater than or equal to the maximum of ${pyRepr(limit)}`;
    case 'multipleOf':
      return `${instance} is not a multiple of ${pyRepr(params.multipleOf)}`;
    case 'pattern':
      return `${instance} does not match ${pyRepr(params.pattern)}`;
    case 'enum':
      return `${instance} is not one of ${pyRepr(params.allowedValues)}`;
    case 'const':
      return `${pyRepr(params.allowedValue)} was expected`;
    case 'uniqueItems':
      return `${instance} has non-unique elements`;
    case 'anyOf':
      return `${instance} is not valid under any of the given schemas`;
    case 'oneOf': {
      const passing = params.passingSchemas as number[] | null;
      if (!passing) return `${instance} is not valid under any of the given schemas`;
      const branches = error.schema as unknown[];
      return `${instance} is valid under each of ${passing.map((index) => pyRepr(branches[index])).join(', ')}`;
    }
    case 'not':
      return `${instance} should not be valid under ${pyRepr(error.schema)}`;
    case 'contains':
      return `None of ${instance} are valid under the given schema`;
    case 'false schema':
      return `False schema does not allow ${instance}`;
    case 'dependencies':
      return `${pyRepr(params.missingProperty)} is a dependency of ${pyRepr(params.property)}`;
    default:
      return error.message ?? error.keyword;
  }
}
