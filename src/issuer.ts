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
import { type Clock, systemClock } from './lib/clock.js';
import { type Duration, toSeconds } from './lib/duration.js';
import { RESERVED_CLAIMS } from './lib/jwt/access-claims.js';
import { assertJsonClaims, isPlainObject } from './lib/jwt/json-claims.js';
import {
  type IssueConfig,
  type IssuedToken,
  signAccessToken,
} from './lib/jwt/sign-access-token.js';
import { type KeySet, keySetInternals } from './lib/keys/key-set.js';
import { callable, stringSet } from './lib/options.js';
import { defaultBackend } from './lib/signature/backend.js';

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
  const config = resolveOptions(options);
  return {
    async issue(input) {
      const { subject, sessionId, claims } = checkInput(input);
      return signAccessToken(config, subject, sessionId, claims);
    },
  };
}

function resolveOptions(options: IssuerOptions): IssueConfig {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('tokenwarden: createIssuer needs an options object');
  }
  const { signing } = keySetInternals(options.keys);
  if (signing === undefined) {
    throw new TypeError('tokenwarden: the key set has no signing key (a private key or a secret)');
  }
  if (typeof options.issuer !== 'string' || options.issuer.length === 0) {
    throw new TypeError('tokenwarden: issuer must be a non-empty string');
  }
  const audiences = [...stringSet(options.audience, 'audience')];
  const ttl = toSeconds(options.ttl ?? '15m', 'ttl');
  if (ttl === 0) throw new TypeError('tokenwarden: ttl must be at least 1 second');
  return {
    key: signing,
    issuer: options.issuer,
    audience: audiences.length === 1 ? audiences[0]! : audiences,
    ttl,
    clock: callable<Clock>(options.clock ?? systemClock, 'clock'),
    backend: defaultBackend,
  };
}

function checkInput(input: IssueInput): Required<IssueInput> {
  if (typeof input !== 'object' || input === null) {
    throw new TypeError('tokenwarden: issue() needs { subject, sessionId }');
  }
  const { subject, sessionId, claims = {} } = input;
  if (typeof subject !== 'string' || subject.length === 0) {
    throw new TypeError('tokenwarden: subject must be a non-empty string');
  }
  if (typeof sessionId !== 'string' || sessionId.length === 0) {
    throw new TypeError('tokenwarden: sessionId must be a non-empty string');
  }
  if (!isPlainObject(claims)) throw new TypeError('tokenwarden: claims must be a plain object');
  for (const name of Object.keys(claims)) {
    if (RESERVED_CLAIMS.has(name)) {
      throw new TypeError(
        `tokenwarden: claim "${name}" is set by the issuer and cannot be overridden`,
      );
    }
  }
  assertJsonClaims(claims);
  return { subject, sessionId, claims };
}

export type { IssuedToken } from './lib/jwt/sign-access-token.js';
