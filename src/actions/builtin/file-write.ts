import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pyTypeName } from '../../spec/findings.js';
import { throwOnMissingParams } from '../action-error.js';
import type { Action } from '../types.js';
import { makeFileFailure } from './file-failure.js';
import { missingBackend, normalizeFilePath, remoteProtocol } from './file-path.js';

/** `file.write` (`path`, `content`): creates parent folders; `{path, success: true}` or the failure shape. */
export const fileWrite: Action = async (params, context) => {
  throwOnMissingParams(params, 'file_write', ['path', 'content'], context.node);
  const file = normalizeFilePath(params.path);
  const protocol = remoteProtocol(file);
  if (protocol) return missingBackend(protocol);
  try {
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    // Python's text-mode write takes only str; TEA reports the TypeError as a write error.
    if (typeof params.content !== 'string') {
      return { success: false, error: `write() argument must be str, not ${params.content == null ? 'None' : pyTypeName(params.content)}`, error_type: 'write_error' };
    }
    await writeFile(file, params.content, 'utf8');
    return { path: file, success: true };
  } catch (error) {
    return makeFileFailure(error, file, 'write');
  }
};
