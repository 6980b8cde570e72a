/**
 * Access-token issuance: short-lived JWTs signed with the key set's signing key.
 *
 * @example
 * ```ts
 * const issuer = createIssuer({ keys, issuer: 'https://auth.example', audience: 'api' });
 * const { token, expiresIn } = await issuer.issue({ subject: 'user-1', sessionId: 'fam-1' });
 * ```
 * @module
 */
import { buildIssuer } from './jwt/build-issuer.js';
import { resolveIssuerOptions } from './jwt/issuer-options.js';
import type { Issuer, IssuerOptions } from './types.js';

/**
 * Creates an {@link Issuer}. Bad options throw a `TypeError` here.
 *
 * @example
 * ```ts
 * const issuer = createIssuer({ keys, issuer: 'https://auth.example', audience: 'api', ttl: '10m' });
 * const { token, jti, expiresAt, expiresIn } = await issuer.issue({
 *   subject: 'user-1',
 *   sessionId: 'fam-1',
 *   claims: { role: 'admin' },
 * });
 * ```
 */
export function createIssuer(options: IssuerOptions): Issuer {
  return buildIssuer(resolveIssuerOptions(options));
}

export type { IssuedToken, IssueInput, Issuer, IssuerOptions } from './types.js';
