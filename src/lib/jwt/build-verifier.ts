/**
 * Builds a verifier on a given signature backend, with the optional
 * verified-token cache in front of the pipeline. `createVerifier` passes the
 * build's default backend; tests pass each backend explicitly.
 * @module
 */
import { AuthError } from '../../errors.js';
import type { VerifiedToken, Verifier, VerifierOptions } from '../../verifier.js';
import { epochSeconds } from '../clock.js';
import type { SignatureBackend } from '../signature/signature-backend.js';
import type { AccessClaims } from './access-claims.js';
import { validateClaims } from './validate-claims.js';
import { resolveCacheOption, type VerifiedTokenCache } from './verified-cache.js';
import { resolveVerifierOptions } from './verifier-options.js';
import { type VerifiedJwt, type VerifyConfig, verifyJwt } from './verify-jwt.js';

/** A {@link Verifier} whose signatures go through `backend`. */
export function buildVerifier(options: VerifierOptions, backend: SignatureBackend): Verifier {
  const config = resolveVerifierOptions(options, backend);
  const cache = resolveCacheOption(options.cache);
  const run =
    cache === undefined
      ? (token: unknown) => verifyJwt(config, token)
      : (token: unknown) => verifyCached(config, cache, token);
  return {
    async verify<C extends object>(token: unknown): Promise<VerifiedToken<C>> {
      const { header, claims } = await run(token);
      return { header: { ...header }, claims: claims as AccessClaims & C };
    },
  };
}

async function verifyCached(
  config: VerifyConfig,
  cache: VerifiedTokenCache,
  token: unknown,
): Promise<VerifiedJwt> {
  if (typeof token !== 'string') return verifyJwt(config, token);
  const hit = cache.get(token);
  if (hit !== undefined) return revalidate(config, cache, token, hit.header, hit.payloadJson);
  const verified = await verifyJwt(config, token);
  const entry = {
    header: verified.header,
    payloadJson: JSON.stringify(verified.claims),
    exp: verified.claims.exp as number,
  };
  cache.set(token, entry, epochSeconds(config.clock) - config.claims.tolerance);
  return verified;
}

/**
 * Only the signature is skipped on a hit: the claims validator runs again at
 * the current time, so a token that expired (or reached `maxAge`) while cached
 * fails exactly as it would uncached, and its entry is dropped.
 */
function revalidate(
  config: VerifyConfig,
  cache: VerifiedTokenCache,
  token: string,
  header: VerifiedJwt['header'],
  payloadJson: string,
): VerifiedJwt {
  const claims = JSON.parse(payloadJson) as Record<string, unknown>;
  try {
    validateClaims(claims, config.claims, epochSeconds(config.clock));
  } catch (err) {
    cache.delete(token);
    if (err instanceof AuthError) throw err;
    throw new AuthError('TOKEN_INVALID', { cause: err });
  }
  return { header, claims };
}
