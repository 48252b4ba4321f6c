import { pyStr } from '../../template/index.js';

/**
 * TEA's `_normalize_path`: a `file://` prefix is dropped; the path stays as written (relative
 * paths resolve against the cwd, as Python's `open` does) and is echoed back that way.
 */
export function normalizeFilePath(value: unknown): string {
  const text = typeof value === 'string' ? value : pyStr(value);
  return text.startsWith('file://') ? text.slice('file://'.length) : text;
}

/** Remote URIs (`s3://`, `gs://`, ...) need fsspec back-ends that tea does not have. */
export function remoteProtocol(file: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):\/\//i.exec(file)?.[1];
}

/** TEA's text when a URI's back-end package is missing. */
export function missingBackend(protocol: string) {
  return {
    success: false,
    error: `Backend package not installed for '${protocol}://'. Install with: pip install ${backendPackages[protocol] ?? protocol}`,
    error_type: 'backend_not_installed',
  };
}

const backendPackages: Record<string, string> = {
  s3: 's3fs', gs: 'gcsfs', gcs: 'gcsfs', az: 'adlfs', abfs: 'adlfs', abfss: 'adlfs', wasb: 'adlfs', wasbs: 'adlfs',
  sftp: 'sshfs', ssh: 'sshfs', github: 'requests', gitlab: 'requests',
};
