/** TEA's `{success: false, error, error_type}` shape for file actions. */
export interface FileFailure {
  success: false;
  error: string;
  error_type: string;
}

const strerror: Record<string, [number, string]> = {
  ENOENT: [2, 'No such file or directory'],
  EACCES: [13, 'Permission denied'],
  EPERM: [1, 'Operation not permitted'],
  EEXIST: [17, 'File exists'],
  ENOTDIR: [20, 'Not a directory'],
  EISDIR: [21, 'Is a directory'],
  ENOSPC: [28, 'No space left on device'],
  EROFS: [30, 'Read-only file system'],
  ENAMETOOLONG: [36, 'File name too long'],
  ELOOP: [40, 'Too many levels of symbolic links'],
};

/** Python's `str(OSError)`: `[Errno 21] Is a directory: '/tmp'`. */
export function pythonOsErrorText(error: NodeJS.ErrnoException, file: string): string {
  const known = error.code ? strerror[error.code] : undefined;
  if (!known) return error.message;
  return `[Errno ${known[0]}] ${known[1]}: '${error.path ?? file}'`;
}

/**
 * TEA's mapping of a failed read or write: FileNotFoundError and PermissionError by type,
 * anything else by words in its text (the fsspec cloud-error sniffing), else `read_error`
 * or `write_error`.
 */
export function makeFileFailure(error: unknown, file: string, verb: 'read' | 'write'): FileFailure {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return { success: false, error: verb === 'read' ? `File not found: ${file}` : `Path not found: ${file}`, error_type: 'not_found' };
  }
  if (code === 'EACCES' || code === 'EPERM') return { success: false, error: `Permission denied: ${file}`, error_type: 'permission_denied' };
  const text = code ? pythonOsErrorText(error as NodeJS.ErrnoException, file) : (error as Error).message;
  return classifyByText(text, verb);
}

/** The words TEA looks for in an error's text to name its type. */
function classifyByText(text: string, verb: 'read' | 'write'): FileFailure {
  const lower = text.toLowerCase();
  if (text.includes('403') || text.includes('Forbidden')) return { success: false, error: `Permission denied: ${text}`, error_type: 'permission_denied' };
  if (text.includes('404') || text.includes(verb === 'read' ? 'NoSuchKey' : 'NoSuchBucket') || lower.includes('not found')) {
    return { success: false, error: `Not found: ${text}`, error_type: 'not_found' };
  }
  if (verb === 'read' && text.includes('NoSuchBucket')) return { success: false, error: `Bucket not found: ${text}`, error_type: 'bucket_not_found' };
  if (lower.includes('credential') || lower.includes('auth')) return { success: false, error: `Missing credentials: ${text}`, error_type: 'missing_credentials' };
  return { success: false, error: text, error_type: `${verb}_error` };
}
