/**
 * TEA's `expand_env_vars` (core.md §5): `${NAME}` and `${NAME:-default}` in strings, through
 * lists and mappings. Unset without a default gives "", and a variable that is set but
 * empty gives "" even with a default (Python's `os.environ.get(name, default)`).
 */
export function expandEnvVars<T>(value: T, env: NodeJS.ProcessEnv = process.env): T {
  if (typeof value === 'string') {
    return value.replace(/\$\{([^}:]+)(?::-([^}]*))?\}/g, (_match, name: string, fallback: string | undefined) => env[name] ?? fallback ?? '') as T;
  }
  if (Array.isArray(value)) return value.map((item) => expandEnvVars(item, env)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expandEnvVars(item, env)])) as T;
  }
  return value;
}
