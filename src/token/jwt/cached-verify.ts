/**
 * The verified-token cache as a verifier option: `createVerifierCache` makes
 * the LRU and the pipeline that consults it. Only the signature is skipped on
 * a hit; the claims are validated again at the current time.
 * @module
 */
import { epochSeconds } from '../../core/clock.js';
import { positiveInteger } from '../../core/options.js';
import type { VerifierCache, VerifierCacheOptions } from '../types.js';
import { registerCache, type VerifyRun } from './cache-attachment.js';
import { validateClaims } from './validate-claims.js';
import { VerifiedTokenCache } from './verified-cache.js';
import { rethrowAsAuthError, type VerifiedJwt, type VerifyConfig } from './verify-jwt.js';

/**
 * Creates a cache of verified tokens for one verifier: an LRU keyed by the
 * whole token string, holding only tokens that passed full verification
 * (never a failure). It belongs to the first verifier it is given to; giving
 * it to a second one throws, because a hit skips that verifier's key checks.
 *
 * A hit skips the signature check and nothing else: the claims are validated
 * again with the current clock on every call (`exp`, `nbf`, `iat`, `maxAge`,
 * `iss`, `aud`), so a token that expired while cached answers
 * `TOKEN_EXPIRED`; an expired entry is never served and is dropped. The cache
 * never skips revocation: store-backed checks (session `sid`, `jti`
 * denylist, token version `ver`) are the caller's, and `createAuth` runs them on every request,
 * cached or not. Each hit returns a fresh claims object.
 *
 * Memory: at most `maxEntries` entries of about `token length + payload JSON
 * length + ~200` bytes each (the token is the key, the payload is kept as
 * JSON text); 10 000 entries of 400-byte tokens take roughly 8 MB.
 *
 * A separate function rather than a plain option so that apps without a
 * cache do not bundle it. Bad options throw a `TypeError` here.
 *
 * @example
 * ```ts
 * const verifier = createVerifier({
 *   keys,
 *   issuer: 'https://auth.example',
 *   audience: 'api',
 *   cache: createVerifierCache({ maxEntries: 10_000 }),
 * });
 * ```
 */
export function createVerifierCache(options: VerifierCacheOptions): VerifierCache {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('tokenwarden: createVerifierCache needs { maxEntries }');
  }
  const maxEntries = positiveInteger(options.maxEntries, 'cache.maxEntries');
  const lru = new VerifiedTokenCache(maxEntries);
  const cache: VerifierCache = {
    maxEntries,
    get size() {
      return lru.size;
    },
  };
  let owned = false;
  registerCache(cache, (config, uncached) => {
    if (owned) {
      throw new TypeError(
        'tokenwarden: this verifier cache already belongs to another verifier; create one per verifier',
      );
    }
    owned = true;
    return (token) => verifyCached(config, lru, uncached, token);
  });
  return cache;
}

function verifyCached(
  config: VerifyConfig,
  lru: VerifiedTokenCache,
  uncached: VerifyRun,
  token: unknown,
): VerifiedJwt | Promise<VerifiedJwt> {
  if (typeof token !== 'string') return uncached(token);
  const hit = lru.get(token);
  if (hit !== undefined) return revalidate(config, lru, token, hit.header, hit.payloadJson);
  const verified = uncached(token);
  const remember = (result: VerifiedJwt) => {
    const entry = {
      header: result.header,
      payloadJson: JSON.stringify(result.claims),
      exp: result.claims.exp as number,
    };
    lru.set(token, entry, epochSeconds(config.clock) - config.claims.tolerance);
    return result;
  };
  return verified instanceof Promise ? verified.then(remember) : remember(verified);
}

/**
 * Only the signature is skipped on a hit: the claims validator runs again at
 * the current time, so a token that expired (or reached `maxAge`) while cached
 * fails exactly as it would uncached, and its entry is dropped.
 */
function revalidate(
  config: VerifyConfig,
  lru: VerifiedTokenCache,
  token: string,
  header: VerifiedJwt['header'],
  payloadJson: string,
): VerifiedJwt {
  const claims = JSON.parse(payloadJson) as Record<string, unknown>;
  try {
    validateClaims(claims, config.claims, epochSeconds(config.clock));
  } catch (err) {
    lru.delete(token);
    rethrowAsAuthError(err);
  }
  return { header, claims };
}
