/**
 * The protected-header rules of DESIGN decision 2. The verifier trusts its
 * configuration, never the token: the header only *names* an allowed
 * algorithm and a configured key, and both must agree.
 * @module
 */
import { claimFailure } from '../../core/errors.js';
import type { ResolvedKey } from '../keys/resolved-key.js';
import type { Algorithm } from '../types.js';
import { normalizeTyp } from './typ.js';

/** What the header check needs from the verifier's configuration. */
export interface HeaderPolicy {
  readonly algorithms: ReadonlySet<Algorithm>;
  readonly keys: ReadonlyMap<string, ResolvedKey>;
  /** Normalized with {@link normalizeTyp}. */
  readonly typ: string;
}

/** The checked header: what the caller may rely on. */
export interface CheckedHeader {
  readonly alg: Algorithm;
  readonly kid: string;
  readonly typ: string;
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
  const kid = header.kid;
  if (kid === undefined) throw claimFailure('kid', 'missing');
  if (typeof kid !== 'string') throw claimFailure('kid', 'invalid');
  // A Map lookup: the kid is a name, never a path, a URL or a query.
  const key = policy.keys.get(kid);
  if (key === undefined) throw claimFailure('kid', 'check_failed');
  // Key/algorithm binding: stops HS256-signed-with-the-public-key confusion.
  if (key.alg !== alg) throw claimFailure('alg', 'check_failed');
  return { header: { alg, kid, typ }, key };
}

function checkAlg(alg: unknown, allowed: ReadonlySet<Algorithm>): Algorithm {
  if (alg === undefined) throw claimFailure('alg', 'missing');
  if (typeof alg !== 'string') throw claimFailure('alg', 'invalid');
  if (!allowed.has(alg as Algorithm)) throw claimFailure('alg', 'check_failed');
  return alg as Algorithm;
}

function checkTyp(typ: unknown, expected: string): string {
  if (typ === undefined) throw claimFailure('typ', 'missing');
  if (typeof typ !== 'string') throw claimFailure('typ', 'invalid');
  if (normalizeTyp(typ) !== expected) throw claimFailure('typ', 'check_failed');
  return typ;
}
