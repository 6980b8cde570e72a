/**
 * Authentication method references (RFC 8176 `amr` values) as the engine
 * accepts them: a short list of short names, since each lands in every
 * access token of the session.
 * @module
 */

/** The login's `amr` when the caller names none: a password (RFC 8176 §2 `pwd`). */
export const DEFAULT_AMR: readonly string[] = Object.freeze(['pwd']);

const MAX_METHODS = 16;
const MAX_METHOD_LENGTH = 64;

/**
 * `value` as a frozen, de-duplicated copy, or a `TypeError` naming `what`.
 *
 * @example
 * ```ts
 * methodList(['pwd', 'otp'], 'login amr'); // ['pwd', 'otp']
 * ```
 */
export function methodList(value: unknown, what: string): readonly string[] {
  if (value === undefined) return DEFAULT_AMR;
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > MAX_METHODS ||
    !value.every(isMethod)
  ) {
    throw new TypeError(
      `tokenwarden: ${what} must be a non-empty array of at most ${MAX_METHODS} method names (1-${MAX_METHOD_LENGTH} printable ASCII characters each)`,
    );
  }
  return Object.freeze([...new Set(value as string[])]);
}

function isMethod(item: unknown): boolean {
  return (
    typeof item === 'string' &&
    item.length > 0 &&
    item.length <= MAX_METHOD_LENGTH &&
    /^[\x21-\x7e]+$/.test(item)
  );
}
