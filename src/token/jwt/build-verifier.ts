/**
 * Builds a verifier from resolved options on a signature backend, with the
 * optional verified-token cache in front of the pipeline: the build's default
 * backend (what `createVerifier` and `createAuth` use), or one that tests and
 * the bench pass explicitly.
 * @module
 */
import { HeaderMemo } from '../jws/header-memo.js';
import { defaultBackend } from '../signature/backend.js';
import type { SignatureBackend } from '../signature/signature-backend.js';
import type { AccessClaims, VerifiedToken, Verifier } from '../types.js';
import type { ResolvedVerifierOptions } from './verifier-options.js';
import { type VerifiedJwt, type VerifyConfig, verifyJwt } from './verify-jwt.js';

/**
 * A {@link Verifier} whose signatures go through `backend`.
 *
 * @example
 * ```ts
 * const verifier = buildVerifier(resolveVerifierOptions({ keys, issuer: 'https://auth.example', audience: 'api' }));
 * ```
 */
export function buildVerifier(
  resolved: ResolvedVerifierOptions,
  backend: SignatureBackend = defaultBackend,
): Verifier {
  for (const key of resolved.keys) backend.prepare?.(key);
  // The header memo is this verifier's own state, never shared through `resolved`.
  const config: VerifyConfig = { ...resolved, backend, headers: new HeaderMemo() };
  const uncached = (token: unknown) => verifyJwt(config, token);
  const run = resolved.cache === undefined ? uncached : resolved.cache(config, uncached);
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
