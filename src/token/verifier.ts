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
import { buildVerifier } from './jwt/build-verifier.js';
import { resolveVerifierOptions } from './jwt/verifier-options.js';
import type { Verifier, VerifierOptions } from './types.js';

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
  return buildVerifier(resolveVerifierOptions(options));
}

export { createVerifierCache } from './jwt/cached-verify.js';
export type {
  AccessClaims,
  Claims,
  VerifiedHeader,
  VerifiedToken,
  Verifier,
  VerifierCache,
  VerifierCacheOptions,
  VerifierOptions,
  VerifierProfile,
} from './types.js';
