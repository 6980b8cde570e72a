/**
 * Builds an issuer on a given signature backend. `createIssuer` passes the
 * build's default backend; tests pass each backend explicitly.
 * @module
 */
import type { Issuer, IssuerOptions } from '../issuer.js';
import type { SignatureBackend } from '../signature/signature-backend.js';
import { checkIssueInput, resolveIssuerOptions } from './issuer-options.js';
import { signAccessToken } from './sign-access-token.js';

/** An {@link Issuer} whose signatures go through `backend`. */
export function buildIssuer(options: IssuerOptions, backend: SignatureBackend): Issuer {
  const config = resolveIssuerOptions(options, backend);
  return {
    async issue(input) {
      const { subject, sessionId, claims } = checkIssueInput(input);
      return signAccessToken(config, subject, sessionId, claims);
    },
  };
}
