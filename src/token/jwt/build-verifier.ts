/**
 * Builds a verifier on a given signature backend, with the optional
 * verified-token cache in front of the pipeline. `createVerifier` passes the
 * build's default backend; tests pass each backend explicitly.
 * @module
 */
import type { VerifiedToken, Verifier, VerifierOptions } from '../verifier.js';
import type { SignatureBackend } from '../signature/signature-backend.js';
import type { AccessClaims } from './access-claims.js';
import { cacheAttachment } from './cache-attachment.js';
import { resolveVerifierOptions } from './verifier-options.js';
import { type VerifiedJwt, verifyJwt } from './verify-jwt.js';

/** A {@link Verifier} whose signatures go through `backend`. */
export function buildVerifier(options: VerifierOptions, backend: SignatureBackend): Verifier {
  const config = resolveVerifierOptions(options, backend);
  const attachCache = cacheAttachment(options.cache);
  const uncached = (token: unknown) => verifyJwt(config, token);
  const run = attachCache === undefined ? uncached : attachCache(config, uncached);
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
