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
    verify<C extends object>(token: unknown): Promise<VerifiedToken<C>> {
      // One promise per call, made here: the pipeline under it is synchronous
      // whenever the backend is (the Node build), and never throws past this point.
      try {
        const result = run(token);
        return result instanceof Promise
          ? result.then((verified) => toVerifiedToken<C>(verified))
          : Promise.resolve(toVerifiedToken<C>(result));
      } catch (err) {
        return Promise.reject(err);
      }
    },
  };
}

function toVerifiedToken<C extends object>({ header, claims }: VerifiedJwt): VerifiedToken<C> {
  // A copy: the checked header is shared by every token that carries it.
  return { header: { ...header }, claims: claims as AccessClaims & C };
}

function verifyCached(
  config: VerifyConfig,
  cache: VerifiedTokenCache,
  token: unknown,
): VerifiedJwt | Promise<VerifiedJwt> {
  if (typeof token !== 'string') return verifyJwt(config, token);
  const hit = cache.get(token);
  if (hit !== undefined) return revalidate(config, cache, token, hit.header, hit.payloadJson);
  const verified = verifyJwt(config, token);
  const remember = (result: VerifiedJwt) => {
    const entry = {
      header: result.header,
      payloadJson: JSON.stringify(result.claims),
      exp: result.claims.exp as number,
    };
    cache.set(token, entry, epochSeconds(config.clock) - config.claims.tolerance);
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
