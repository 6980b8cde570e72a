/**
 * The claim set of a tokenwarden access token (RFC 9068 §2.2, plus `sid`).
 * @module
 */

/**
 * The registered claims every access token carries.
 *
 * @example
 * ```ts
 * const { claims } = await verifier.verify(token);
 * const { sub, sid, exp }: AccessClaims = claims;
 * ```
 */
export interface AccessClaims {
  /** Issuer (RFC 7519 §4.1.1). */
  iss: string;
  /** Audience: one or several (RFC 7519 §4.1.3). */
  aud: string | string[];
  /** Subject: the user id (RFC 7519 §4.1.2). */
  sub: string;
  /** Issued at, epoch seconds (RFC 7519 §4.1.6). */
  iat: number;
  /** Expiry, epoch seconds (RFC 7519 §4.1.4). */
  exp: number;
  /** Unique token id (RFC 7519 §4.1.7). */
  jti: string;
  /** Session (refresh-token family) id. */
  sid: string;
  /** Not before, epoch seconds, when present (RFC 7519 §4.1.5). */
  nbf?: number;
}

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
  // RFC 7800 proof-of-possession: only the library may bind a key to the token.
  'cnf',
]);
