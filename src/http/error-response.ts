/**
 * Turns an {@link AuthError} into what an HTTP response needs: status, JSON
 * body and headers. Framework glue calls this; apps can too.
 *
 * @example
 * ```ts
 * const { status, headers, body } = toErrorResponse(err);
 * return new Response(JSON.stringify(body), { status, headers });
 * ```
 * @module
 */
import type { AuthError, AuthErrorCode } from '../core/errors.js';

/**
 * Status, headers and JSON body of an error response.
 *
 * @example
 * ```ts
 * const { status, headers, body } = toErrorResponse(err);
 * return new Response(JSON.stringify(body), { status, headers });
 * ```
 */
export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: { error: { code: AuthErrorCode; message: string } };
}

/**
 * Options of {@link toErrorResponse}.
 *
 * @example
 * ```ts
 * toErrorResponse(err, { realm: 'api' }); // WWW-Authenticate: Bearer realm="api", error="invalid_token"
 * ```
 */
export interface ErrorResponseOptions {
  /** The `realm` of `WWW-Authenticate` challenges (RFC 6750 §3). Omitted when unset. */
  realm?: string;
}

// RFC 6750 §3.1: a request that carried no credentials gets a bare challenge
// with no error code; one whose token failed gets error="invalid_token".
const BARE_CHALLENGE: ReadonlySet<AuthErrorCode> = new Set([
  'TOKEN_MISSING',
  'REFRESH_TOKEN_MISSING',
  'INVALID_CREDENTIALS',
]);

/**
 * Maps an {@link AuthError} to status, JSON body and headers. Every 401 carries
 * a `WWW-Authenticate: Bearer` challenge (RFC 9110 §15.5.2), with
 * `error="invalid_token"` when a presented token was refused (RFC 6750 §3.1).
 * Responses are `no-store`: they may follow a request that carried tokens.
 * An error with `retryAfter` (a `RATE_LIMITED` one) adds `Retry-After`.
 *
 * @example
 * ```ts
 * if (isAuthError(err)) {
 *   const { status, headers, body } = toErrorResponse(err, { realm: 'api' });
 *   return new Response(JSON.stringify(body), { status, headers });
 * }
 * ```
 */
export function toErrorResponse(err: AuthError, options: ErrorResponseOptions = {}): ErrorResponse {
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  };
  if (err.status === 401) headers['www-authenticate'] = challenge(err, options.realm);
  // RFC 9110 §10.2.3: delay-seconds, a non-negative whole number.
  if (Number.isSafeInteger(err.retryAfter) && (err.retryAfter as number) >= 0) {
    headers['retry-after'] = String(err.retryAfter);
  }
  return { status: err.status, headers, body: err.toJSON() };
}

function challenge(err: AuthError, realm: string | undefined): string {
  const params: string[] = [];
  if (realm !== undefined) params.push(`realm="${quote(realm)}"`);
  if (err.code === 'STEP_UP_REQUIRED') params.push(...stepUpParams(err));
  else if (!BARE_CHALLENGE.has(err.code)) params.push('error="invalid_token"');
  return params.length === 0 ? 'Bearer' : `Bearer ${params.join(', ')}`;
}

// RFC 9470 §3: the token is valid but its authentication is too old or too
// weak; `max_age` says how recent the next one must be (seconds).
function stepUpParams(err: AuthError): string[] {
  const params = [
    'error="insufficient_user_authentication"',
    `error_description="${quote(err.message)}"`,
  ];
  if (Number.isSafeInteger(err.maxAge) && (err.maxAge as number) >= 0) {
    params.push(`max_age=${err.maxAge}`);
  }
  return params;
}

// RFC 9110 §5.6.4 quoted-string: escape backslash and double quote, drop controls.
function quote(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping controls is the point
  return value.replace(/[\u0000-\u001f\u007f]/g, '').replace(/["\\]/g, '\\$&');
}
