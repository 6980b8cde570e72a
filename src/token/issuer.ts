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
import type { Clock } from '../core/clock.js';
import type { Duration } from '../core/duration.js';
import { buildIssuer } from './jwt/build-issuer.js';
import type { IssuedToken } from './jwt/sign-access-token.js';
import type { KeySet } from './keys/key-set.js';
import { defaultBackend } from './signature/backend.js';

/**
 * Options of {@link createIssuer}.
 *
 * @example
 * ```ts
 * const options: IssuerOptions = { keys, issuer: 'https://auth.example', audience: 'api', ttl: '15m' };
 * ```
 */
export interface IssuerOptions {
  /** The key set; its signing key signs. */
  keys: KeySet;
  /** The `iss` claim, usually your auth server's URL. */
  issuer: string;
  /** The `aud` claim: the API(s) the token is for. */
  audience: string | readonly string[];
  /** Access-token lifetime. Default `"15m"`. */
  ttl?: Duration;
  /** Injected clock (ms since epoch). Default `Date.now`. */
  clock?: Clock;
}

/**
 * What to put in a token.
 *
 * @example
 * ```ts
 * const input: IssueInput = { subject: user.id, sessionId: family.id, claims: { role: user.role } };
 * ```
 */
export interface IssueInput {
  /** The `sub` claim: the user id. */
  subject: string;
  /** The `sid` claim: the session (refresh-token family) id. */
  sessionId: string;
  /** Extra claims (role, …). JSON values only; registered names are refused. */
  claims?: Record<string, unknown>;
}

/**
 * Issues access tokens.
 *
 * @example
 * ```ts
 * const issuer: Issuer = createIssuer({ keys, issuer: 'https://auth.example', audience: 'api' });
 * ```
 */
export interface Issuer {
  /** Signs a new access token. Throws a `TypeError` for bad input (a programming error). */
  issue(input: IssueInput): Promise<IssuedToken>;
}

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
  return buildIssuer(options, defaultBackend);
}

export type { IssuedToken } from './jwt/sign-access-token.js';
