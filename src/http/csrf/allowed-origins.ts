/**
 * Validates the allow-list at construction. An entry must be an origin
 * exactly as browsers serialize it in the `Origin` header (RFC 6454 §6.2):
 * scheme, host and non-default port, lowercase, no path and no trailing slash.
 * `option` is the name the caller wrote (`origins` in `createAuth`).
 */
export function toAllowedOrigins(values: unknown, option = 'allowedOrigins'): ReadonlySet<string> {
  if (!Array.isArray(values) || values.length === 0) {
    throw new TypeError(
      `tokenwarden: ${option} must list at least one origin, like "https://app.example"`,
    );
  }
  for (const value of values) {
    if (!isExactOrigin(value)) {
      throw new TypeError(
        `tokenwarden: ${option} entries must be exact origins like "https://app.example" (no path, no trailing slash, lowercase host), got ${JSON.stringify(value)}`,
      );
    }
  }
  return new Set(values as string[]);
}

function isExactOrigin(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}
