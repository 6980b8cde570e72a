/**
 * Access-token verification. The verifier trusts its configuration, never the
 * token (DESIGN decision 2): an explicit algorithm allow-list, the key chosen
 * by `kid` among configured keys only, each key bound to one algorithm, `typ`
 * checked, `jwk`/`jku`/`x5u`/`x5c` ignored, unknown `crit` refused, a size
 * limit before parsing, then `iss`/`aud`/`nbf`/`iat`/`exp` with a tolerance.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ keys, issuer: 'https://auth.example', audience: 'api' });
 * const { claims } = await verifier.verify(token); // AuthError on any failure
 * ```
 * @module
 */
import type { Clock } from '../core/clock.js';
import type { Duration } from '../core/duration.js';
import type { AccessClaims } from './jwt/access-claims.js';
import { buildVerifier } from './jwt/build-verifier.js';
import type { VerifierCache } from './jwt/cached-verify.js';
import type { Algorithm } from './keys/algorithms.js';
import type { KeySet } from './keys/key-set.js';
import { defaultBackend } from './signature/backend.js';

/**
 * The claims of a verified access token (alias of {@link AccessClaims}).
 *
 * @example
 * ```ts
 * function audit(claims: Claims) {
 *   log.info({ sub: claims.sub, sid: claims.sid, jti: claims.jti });
 * }
 * ```
 */
export type Claims = AccessClaims;

/**
 * Options of {@link createVerifier}.
 *
 * @example
 * ```ts
 * const options: VerifierOptions = {
 *   keys,
 *   issuer: 'https://auth.example',
 *   audience: 'api',
 *   clockTolerance: '5s',
 *   requiredClaims: ['role'],
 * };
 * ```
 */
export interface VerifierOptions {
  /** The keys tokens may be signed with; the header's `kid` picks one. */
  keys: KeySet;
  /** Accepted `iss` value(s). */
  issuer: string | readonly string[];
  /** This service's audience value(s); the token's `aud` must name one. */
  audience: string | readonly string[];
  /** Accepted algorithms. Default: the algorithms of `keys`. Each must be held by a key. */
  algorithms?: readonly Algorithm[];
  /** Expected `typ` header, compared per RFC 7515 §4.1.9. Default `"at+jwt"` (RFC 9068 §2.1). */
  typ?: string;
  /** Allowed clock skew for `exp`, `nbf` and `iat`. Default `"5s"`. */
  clockTolerance?: Duration;
  /** Refuse tokens whose `iat` is older than this, whatever their `exp`. */
  maxAge?: Duration;
  /** Claims required on top of `iss`, `aud`, `sub`, `iat`, `exp`, `jti`, `sid`. */
  requiredClaims?: readonly string[];
  /** Tokens longer than this are refused before any parsing. Default 8192. */
  maxTokenBytes?: number;
  /** Injected clock (ms since epoch). Default `Date.now`. */
  clock?: Clock;
  /**
   * Remember tokens that passed, so a repeated token skips the signature
   * check: a cache from {@link createVerifierCache}, for this verifier only.
   * Off by default. See `createVerifierCache` for what a hit still checks
   * and for the memory bound.
   */
  cache?: VerifierCache;
}

/**
 * The header of a verified token.
 *
 * @example
 * ```ts
 * const { header }: { header: VerifiedHeader } = await verifier.verify(token);
 * metrics.increment(`tokens.kid.${header.kid}`);
 * ```
 */
export interface VerifiedHeader {
  alg: Algorithm;
  kid: string;
  typ: string;
}

/**
 * What {@link Verifier.verify} resolves to. `C` types the caller claims.
 *
 * @example
 * ```ts
 * const result: VerifiedToken<{ role: 'admin' | 'user' }> = await verifier.verify(token);
 * result.claims.role;
 * ```
 */
export interface VerifiedToken<C extends object = Record<string, unknown>> {
  claims: AccessClaims & C;
  header: VerifiedHeader;
}

/**
 * Verifies access tokens.
 *
 * @example
 * ```ts
 * const verifier: Verifier = createVerifier({ keys, issuer: 'https://auth.example', audience: 'api' });
 * ```
 */
export interface Verifier {
  /**
   * Resolves with the token's claims and header, or rejects with an `AuthError`:
   * `TOKEN_MISSING` (no token), `TOKEN_EXPIRED` (`exp` or `maxAge` passed) or
   * `TOKEN_INVALID` (anything else), with `claim` and `reason` for claim and header failures.
   */
  verify<C extends object = Record<string, unknown>>(token: unknown): Promise<VerifiedToken<C>>;
}

/**
 * Creates a {@link Verifier}. Bad options throw a `TypeError` here.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({ keys, issuer: 'https://auth.example', audience: 'api' });
 * try {
 *   const { claims } = await verifier.verify<{ role: string }>(token);
 *   console.log(claims.sub, claims.role);
 * } catch (err) {
 *   if (isAuthError(err, 'TOKEN_EXPIRED')) {
 *     // tell the client to refresh
 *   }
 * }
 * ```
 */
export function createVerifier(options: VerifierOptions): Verifier {
  return buildVerifier(options, defaultBackend);
}

export type { AccessClaims } from './jwt/access-claims.js';
export {
  createVerifierCache,
  type VerifierCache,
  type VerifierCacheOptions,
} from './jwt/cached-verify.js';
