/**
 * The protected-header rules of DESIGN decision 2. The verifier trusts its
 * configuration, never the token: the header only *names* an allowed
 * algorithm and a configured key, and both must agree.
 * @module
 */
import { AuthError, claimFailure } from '../../core/errors.js';
import { canonicalAlgorithm } from '../keys/algorithms.js';
import type { KeySource } from '../keys/key-source.js';
import type { ResolvedKey } from '../keys/resolved-key.js';
import type { Algorithm } from '../types.js';
import { normalizeTyp } from './typ.js';

/** What the header check needs from the verifier's configuration. */
export interface HeaderPolicy {
  /** The allow-list, aliases included (`EdDSA` brings `Ed25519`, RFC 9864). */
  readonly algorithms: ReadonlySet<Algorithm>;
  readonly keys: KeySource;
  /** Accepted `typ` values, normalized with {@link normalizeTyp}; `undefined`: not checked. */
  readonly typ: ReadonlySet<string> | undefined;
  /** False: a token without `kid` uses the set's only key for its algorithm. */
  readonly requireKid: boolean;
}

/** The checked header: what the caller may rely on. */
export interface CheckedHeader {
  readonly alg: Algorithm;
  /** The `kid` of the key that verified the token (the header's, or the only key's). */
  readonly kid: string;
  /** `undefined` only when `typ` is not checked and the token has none. */
  readonly typ: string | undefined;
}

/** A header that passed {@link checkHeader}, with the key it selects. */
export interface HeaderCheck {
  readonly header: CheckedHeader;
  readonly key: ResolvedKey;
}

/**
 * Checks `header` against `policy` and returns the key to verify with.
 * `jwk`, `jku`, `x5u`, `x5c`, `x5t` are never read: keys come from configuration only.
 */
export function checkHeader(header: Record<string, unknown>, policy: HeaderPolicy): HeaderCheck {
  const alg = checkAlg(header.alg, policy.algorithms);
  // RFC 7515 §4.1.11: we understand no extension, so any `crit` is refused.
  if (header.crit !== undefined) throw claimFailure('crit', 'check_failed');
  // RFC 7797 §3: an unencoded payload changes what is signed; refuse it.
  if (header.b64 !== undefined && header.b64 !== true) throw claimFailure('b64', 'check_failed');
  const typ = checkTyp(header.typ, policy.typ);
  const key = selectKey(header.kid, alg, policy);
  // Key/algorithm binding: stops HS256-signed-with-the-public-key confusion.
  if (canonicalAlgorithm(key.alg) !== canonicalAlgorithm(alg)) {
    throw claimFailure('alg', 'check_failed');
  }
  return { header: { alg, kid: key.kid, typ }, key };
}

/** True for the failures a refetch of a remote key set could cure: no key by that name. */
export function isUnknownKey(err: unknown): boolean {
  return err instanceof AuthError && err.claim === 'kid' && err.reason !== 'invalid';
}

function selectKey(kid: unknown, alg: Algorithm, policy: HeaderPolicy): ResolvedKey {
  if (kid === undefined) {
    const only = policy.requireKid ? undefined : policy.keys.onlyFor(alg);
    if (only === undefined) throw claimFailure('kid', 'missing');
    return only;
  }
  if (typeof kid !== 'string') throw claimFailure('kid', 'invalid');
  // A Map lookup: the kid is a name, never a path, a URL or a query.
  const key = policy.keys.byKid(kid, alg);
  if (key === undefined) throw claimFailure('kid', 'check_failed');
  return key;
}

function checkAlg(alg: unknown, allowed: ReadonlySet<Algorithm>): Algorithm {
  if (alg === undefined) throw claimFailure('alg', 'missing');
  if (typeof alg !== 'string') throw claimFailure('alg', 'invalid');
  // RFC 7515 §A.5, RFC 8725 §3.1: an unsecured JWS is never accepted, in any casing.
  if (alg.toLowerCase() === 'none') {
    throw new AuthError('TOKEN_INVALID', {
      message: 'The access token is unsecured (alg "none"); unsigned tokens are never accepted.',
      claim: 'alg',
      reason: 'check_failed',
    });
  }
  if (!allowed.has(alg as Algorithm)) throw claimFailure('alg', 'check_failed');
  return alg as Algorithm;
}

function checkTyp(typ: unknown, expected: ReadonlySet<string> | undefined): string | undefined {
  if (expected === undefined) return typeof typ === 'string' ? typ : undefined;
  if (typ === undefined) throw claimFailure('typ', 'missing');
  if (typeof typ !== 'string') throw claimFailure('typ', 'invalid');
  if (!expected.has(normalizeTyp(typ))) throw claimFailure('typ', 'check_failed');
  return typ;
}
