/**
 * Builds an issuer from resolved options on a signature backend: the build's
 * default one (what `createIssuer` and `createAuth` use), or one that tests
 * and the bench pass explicitly.
 * @module
 */
import { defaultBackend } from '../signature/backend.js';
import type { SignatureBackend } from '../signature/signature-backend.js';
import type { Issuer } from '../types.js';
import { checkIssueInput, type ResolvedIssuerOptions } from './issuer-options.js';
import { signAccessToken, tokenShape } from './sign-access-token.js';

/**
 * An {@link Issuer} whose signatures go through `backend`.
 *
 * @example
 * ```ts
 * const issuer = buildIssuer(resolveIssuerOptions({ keys, issuer: 'https://auth.example', audience: 'api' }));
 * ```
 */
export function buildIssuer(
  resolved: ResolvedIssuerOptions,
  backend: SignatureBackend = defaultBackend,
): Issuer {
  backend.prepare?.(resolved.key);
  const shape = tokenShape(resolved);
  return {
    issue(input) {
      // One promise per call, made by signAccessToken; a bad input rejects it too.
      try {
        return signAccessToken(resolved, shape, backend, checkIssueInput(input));
      } catch (err) {
        return Promise.reject(err);
      }
    },
  };
}
