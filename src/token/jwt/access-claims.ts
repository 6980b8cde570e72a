/**
 * The claim names of a tokenwarden access token (RFC 9068 §2.2, plus `sid`,
 * `ver`, and `auth_time`/`amr` of RFC 9470);
 * the `AccessClaims` type is in `../types.ts`.
 * @module
 */

/** Claim names the issuer sets itself: a caller claim with one of these names is refused. */
export const RESERVED_CLAIMS: ReadonlySet<string> = new Set([
  'iss',
  'aud',
  'sub',
  'iat',
  'exp',
  'nbf',
  'jti',
  'sid',
  // The subject's token version: only the library may say which logout-all a token survived.
  'ver',
  // RFC 9470 step-up: only the session may say when and how the user authenticated.
  'auth_time',
  'amr',
  // RFC 7800 proof-of-possession: only the library may bind a key to the token.
  'cnf',
]);
