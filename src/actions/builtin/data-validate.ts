import { Ajv } from 'ajv';
import { errorText } from '../../errors.js';
import { throwOnMissingParams } from '../action-error.js';
import type { Action } from '../types.js';
import { toSchemaErrors } from './schema-errors.js';

/**
 * `data.validate` (`data`, `schema`): JSON Schema draft 7 as TEA's jsonschema Draft7Validator
 * applies it (formats not asserted, `$schema` not followed):
 * `{valid, errors: [{path, message}], success: true}` or `{success: false, error, error_type: "validate"}`.
 */
export const dataValidate: Action = (params, context) => {
  throwOnMissingParams(params, 'data_validate', ['data', 'schema'], context.node);
  const { data, schema } = params;
  if (data === null || data === undefined) return { valid: false, errors: [{ path: '', message: 'Data is None' }], success: true };
  if (schema === null || schema === undefined) return { success: false, error: 'Schema is required', error_type: 'validate' };
  // A fresh Ajv per call: schemas with the same `$id` in two nodes must not collide.
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, validateFormats: false });
  let validate;
  try {
    validate = ajv.compile(withoutMetaSchema(schema));
  } catch (error) {
    return { success: false, error: `Invalid schema: ${errorText(error)}`, error_type: 'validate' };
  }
  try {
    const valid = validate(data);
    const errors = valid ? [] : toSchemaErrors(validate.errors ?? [], schema);
    return { valid: errors.length === 0, errors, success: true };
  } catch (error) {
    return { success: false, error: `Validation error: ${errorText(error)}`, error_type: 'validate' };
  }
};

/** Draft7Validator ignores `$schema`; Ajv would refuse a meta-schema it does not know (2019-09, 2020-12). */
function withoutMetaSchema(schema: unknown): object | boolean {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema as boolean;
  const { $schema: _ignored, ...rest } = schema as Record<string, unknown>;
  return rest;
}
