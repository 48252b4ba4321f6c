import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Action } from '../types.js';

/** `file.read`: `{content, success}` or `{success: false, error, error_type}`. */
export const fileRead: Action = async (params, context) => {
  const file = path.resolve(context.workflowDir, String(params.path ?? ''));
  try {
    return { content: await readFile(file, { encoding: (params.encoding as BufferEncoding) ?? 'utf8' }), success: true };
  } catch (error) {
    return failure(error, file);
  }
};

/** `file.write`: creates parent folders; `{path, success}` or the failure shape. */
export const fileWrite: Action = async (params, context) => {
  const file = path.resolve(context.workflowDir, String(params.path ?? ''));
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, String(params.content ?? ''), 'utf8');
    return { path: file, success: true };
  } catch (error) {
    return failure(error, file);
  }
};

function failure(error: unknown, file: string) {
  const code = (error as NodeJS.ErrnoException).code;
  const errorType = code === 'ENOENT' ? 'not_found' : code === 'EACCES' ? 'permission' : 'io';
  const message = code === 'ENOENT' ? `File not found: ${file}` : String((error as Error).message);
  return { success: false, error: message, error_type: errorType };
}
