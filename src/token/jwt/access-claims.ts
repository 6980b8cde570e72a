/**
 * The claim names of a tokenwarden access token (RFC 9068 §2.2, plus `sid`
 * and `ver`);
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
  // RFC 7800 proof-of-possession: only the library may bind a key to the token.
  'cnf',
]);
