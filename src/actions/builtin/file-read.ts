import { readFile } from 'node:fs/promises';
import { throwOnMissingParams } from '../action-error.js';
import type { Action } from '../types.js';
import { makeFileFailure } from './file-failure.js';
import { missingBackend, normalizeFilePath, remoteProtocol } from './file-path.js';
import { decodeLikePython } from './python-decode.js';

/** `file.read` (`path`, `encoding`): `{content, success: true}` or TEA's failure shape. */
export const fileRead: Action = async (params, context) => {
  throwOnMissingParams(params, 'file_read', ['path'], context.node);
  const file = normalizeFilePath(params.path);
  const protocol = remoteProtocol(file);
  if (protocol) return missingBackend(protocol);
  const encoding = typeof params.encoding === 'string' ? params.encoding : 'utf-8';
  try {
    const bytes = await readFile(file);
    return { content: decodeLikePython(bytes, encoding), success: true };
  } catch (error) {
    return makeFileFailure(error, file, 'read');
  }
};
