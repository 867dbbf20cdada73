/** Header names whose values are secrets and never recorded. */
const SECRET_HEADERS = new Set([
  'authorization',
  'cookie',
  'set-cookie',
  'x-csrf-token',
  'proxy-authorization',
]);

// The same marker the reporters write, so a value redacted here is recognised there.
export const REDACTED = '[REDACTED]';

/**
 * A copy of the headers with secret values replaced. `extraSecretNames` covers a CSRF header whose
 * name the target chose (`X-CSRF-HEADER`).
 */
export function redactHeaders(
  headers: Record<string, string | string[] | undefined>,
  extraSecretNames: readonly string[] = [],
): Record<string, string> {
  const extra = new Set(extraSecretNames.map((n) => n.toLowerCase()));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    out[lower] =
      SECRET_HEADERS.has(lower) || extra.has(lower)
        ? REDACTED
        : Array.isArray(value)
          ? value.join(', ')
          : value;
  }
  return out;
}
