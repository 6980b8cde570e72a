/**
 * `src/core/` is the bottom layer, imported by every other and importing none
 * of them: errors (this module), the injectable clock, durations, option
 * checks, constant-time comparison, randomness, base64url, and the constants
 * (auth base path, route, cookie and CSRF names) written in one place.
 *
 * This module: the one error type tokenwarden throws for a bad token, a bad
 * request or a store that cannot be reached. Bad *configuration* is a plain
 * `TypeError` thrown at construction instead, so it surfaces at start-up, not
 * per request.
 *
 * @example
 * ```ts
 * try {
 *   await verifier.verify(token);
 * } catch (err) {
 *   if (err instanceof AuthError && err.code === 'TOKEN_EXPIRED') {
 *     // ask the client to refresh
 *   }
 * }
 * ```
 * @module
 */

/**
 * HTTP status of every stable error code (DESIGN "Error codes").
 *
 * @example
 * ```ts
 * ERROR_STATUS.TOKEN_EXPIRED;     // 401
 * ERROR_STATUS.STORE_UNAVAILABLE; // 503
 * ```
 */
export const ERROR_STATUS = {
  TOKEN_MISSING: 401,
  TOKEN_INVALID: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_REVOKED: 401,
  REFRESH_TOKEN_MISSING: 401,
  REFRESH_TOKEN_INVALID: 401,
  REFRESH_TOKEN_EXPIRED: 401,
  REFRESH_TOKEN_REUSED: 401,
  SESSION_REVOKED: 401,
  STEP_UP_REQUIRED: 401,
  RATE_LIMITED: 429,
  CSRF_FAILED: 403,
  INVALID_CREDENTIALS: 401,
  BAD_REQUEST: 400,
  STORE_UNAVAILABLE: 503,
  KEYS_UNAVAILABLE: 503,
} as const;

/**
 * A stable error code: part of the public API, safe to `switch` on.
 *
 * @example
 * ```ts
 * function message(code: AuthErrorCode): string {
 *   return code === 'TOKEN_EXPIRED' ? 'Please refresh' : 'Please sign in';
 * }
 * ```
 */
export type AuthErrorCode = keyof typeof ERROR_STATUS;

/**
 * Why a claim failed: absent, of the wrong type/shape, or present but its check failed.
 *
 * @example
 * ```ts
 * if (isAuthError(err, 'TOKEN_INVALID') && err.claim === 'aud' && err.reason === 'check_failed') {
 *   // a token for another audience
 * }
 * ```
 */
export type ClaimFailureReason = 'missing' | 'invalid' | 'check_failed';

const DEFAULT_MESSAGES: Record<AuthErrorCode, string> = {
  TOKEN_MISSING: 'An access token is required.',
  TOKEN_INVALID: 'The access token is invalid.',
  TOKEN_EXPIRED: 'The access token has expired.',
  TOKEN_REVOKED: 'The access token has been revoked.',
  REFRESH_TOKEN_MISSING: 'A refresh token is required.',
  REFRESH_TOKEN_INVALID: 'The refresh token is invalid.',
  REFRESH_TOKEN_EXPIRED: 'The refresh token has expired.',
  REFRESH_TOKEN_REUSED: 'The refresh token was already used; the session has been revoked.',
  SESSION_REVOKED: 'The session has been revoked.',
  STEP_UP_REQUIRED: 'A more recent or stronger authentication is required.',
  RATE_LIMITED: 'Too many requests; try again shortly.',
  CSRF_FAILED: 'Cross-site request refused.',
  INVALID_CREDENTIALS: 'Invalid username or password.',
  BAD_REQUEST: 'The request is malformed.',
  STORE_UNAVAILABLE: 'The session store is unavailable.',
  KEYS_UNAVAILABLE: 'The keys to verify the access token are unavailable.',
};

/**
 * Options of {@link AuthError}: every field is optional and none may carry token material.
 *
 * @example
 * ```ts
 * throw new AuthError('RATE_LIMITED', { message: 'Too many attempts.', retryAfter: 30 });
 * ```
 */
export interface AuthErrorOptions {
  /** A safe, human-readable message. Never include the token or internal details. */
  message?: string;
  /** For claim failures: the claim name (`exp`, `aud`, …) or header parameter (`typ`, `alg`). */
  claim?: string;
  /** For claim failures: why it failed. */
  reason?: ClaimFailureReason;
  /** The underlying error, kept for logs only; never serialized into responses. */
  cause?: unknown;
  /** Whole seconds to wait before retrying (`RATE_LIMITED`): becomes the `Retry-After` header. */
  retryAfter?: number;
  /**
   * `STEP_UP_REQUIRED`: the longest age, in whole seconds, of the
   * authentication the route accepts; becomes `max_age` in the
   * `WWW-Authenticate` challenge (RFC 9470 §3).
   */
  maxAge?: number;
}

// `instanceof AuthError` is plain prototype identity: the subpath entries
// (/express, /fastify, /testing) import the core through the package, so a
// process that loads tokenwarden once holds one class. The registry-symbol
// brand is kept for what identity cannot see: an AuthError from another realm
// (a `vm` context) or another loaded copy of the package
// (two installed versions, or its ESM and CommonJS builds side by side).
// `Symbol.for` keys are shared by every realm, so `isAuthError` checks it.
const BRAND = Symbol.for('tokenwarden.AuthError');

/**
 * A failure with a stable {@link AuthErrorCode}, an HTTP `status` and a safe
 * `message`. It never holds the presented token.
 *
 * @example
 * ```ts
 * try {
 *   await verifier.verify(token);
 * } catch (err) {
 *   if (err instanceof AuthError) res.status(err.status).json(err.toJSON());
 * }
 * ```
 */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  /** Stable code from DESIGN's table. */
  readonly code: AuthErrorCode;
  /** HTTP status for the code. */
  readonly status: number;
  /** The claim (or header parameter) that failed, for claim failures. */
  readonly claim: string | undefined;
  /** Why the claim failed, for claim failures. */
  readonly reason: ClaimFailureReason | undefined;
  /** Whole seconds before a retry may succeed (RFC 9110 §10.2.3 `Retry-After`), when known. */
  readonly retryAfter: number | undefined;
  /** `STEP_UP_REQUIRED`: the `max_age` (seconds) of the RFC 9470 challenge, when the route set one. */
  readonly maxAge: number | undefined;
  // Declared, and set in the constructor: a computed field key is evaluated
  // when the class is defined, which bundlers must then keep even when no
  // importer uses AuthError.
  /** @internal brand shared by every realm and copy of this class */
  declare readonly [BRAND]: true;

  constructor(code: AuthErrorCode, options: AuthErrorOptions = {}) {
    super(options.message ?? DEFAULT_MESSAGES[code], { cause: options.cause });
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.claim = options.claim;
    this.reason = options.reason;
    this.retryAfter = options.retryAfter;
    this.maxAge = options.maxAge;
    this[BRAND] = true;
  }

  /** The JSON shape of an error response body: `{ error: { code, message } }`. */
  toJSON(): { error: { code: AuthErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/**
 * True when `value` is an {@link AuthError}, optionally with one of `codes`.
 * Unlike `instanceof`, it also recognises an AuthError made in another realm
 * (a `vm` context) or by another loaded copy of tokenwarden.
 *
 * @example
 * ```ts
 * if (isAuthError(err, 'TOKEN_EXPIRED')) {
 *   // ask the client to refresh
 * }
 * ```
 */
export function isAuthError(value: unknown, ...codes: AuthErrorCode[]): value is AuthError {
  return hasBrand(value) && (codes.length === 0 || codes.includes(value.code));
}

function hasBrand(value: unknown): value is AuthError {
  return (
    value instanceof AuthError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[BRAND] === true)
  );
}

/** A claim or header-parameter failure: `TOKEN_INVALID` unless `code` says otherwise. */
export function claimFailure(
  claim: string,
  reason: ClaimFailureReason,
  code: AuthErrorCode = 'TOKEN_INVALID',
): AuthError {
  return new AuthError(code, { claim, reason });
}
