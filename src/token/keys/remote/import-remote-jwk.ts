/**
 * Turns the members of a fetched JWKS into keys the verifier may use. A JWKS
 * is published: one holding private members means the issuer leaks its
 * signing key, so the whole response is refused. Otherwise keys the allow-
 * list cannot use are skipped (encryption keys, other algorithms, `oct` keys,
 * which a remote set never accepts): a shared JWKS often holds such keys.
 * @module
 */
import { calculateJwkThumbprint } from 'jose';
import { isNonEmptyString } from '../../../core/options.js';
import type { Algorithm, JwkInput } from '../../types.js';
import { ALGORITHMS, canonicalAlgorithm, isAlgorithm } from '../algorithms.js';
import { fromJwk } from '../import-asymmetric.js';
import { publicMembers } from '../public-jwk.js';
import type { ResolvedKey } from '../resolved-key.js';

// RFC 7518 §6.3.2, §6.2.2, §6.4.1; RFC 8037 §2 (`d` for OKP).
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/**
 * The usable keys of `jwks`, each bound to one allowed algorithm: its own
 * `alg`, or without one, each allowed algorithm its key type fits. Throws an
 * `Error` when a member holds private key material.
 */
export async function importRemoteJwks(
  jwks: readonly unknown[],
  allowed: ReadonlySet<Algorithm>,
): Promise<ResolvedKey[]> {
  for (const jwk of jwks) {
    if (typeof jwk === 'object' && jwk !== null && PRIVATE_MEMBERS.some((name) => name in jwk)) {
      throw new Error('the JWKS holds private key material; refused');
    }
  }
  const imported = await Promise.all(jwks.map((jwk) => importOne(jwk, allowed)));
  return imported.flat();
}

async function importOne(jwk: unknown, allowed: ReadonlySet<Algorithm>): Promise<ResolvedKey[]> {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return [];
  const record = jwk as JwkInput;
  // RFC 7517 §4.2, §4.3: a key for encryption, or not for verifying, is not ours.
  if (record.use !== undefined && record.use !== 'sig') return [];
  if (Array.isArray(record.key_ops) && !record.key_ops.includes('verify')) return [];
  const algs = bindings(record, allowed);
  if (algs.length === 0) return [];
  let kid: string;
  try {
    kid = isNonEmptyString(record.kid)
      ? record.kid
      : await calculateJwkThumbprint(publicMembers(record), 'sha256');
  } catch {
    return [];
  }
  const keys = await Promise.all(
    algs.map((alg) => fromJwk(alg, record, kid, 'jwks').catch(() => undefined)),
  );
  return keys.filter((key) => key !== undefined);
}

/** The allowed algorithms `jwk` may be bound to. */
function bindings(jwk: JwkInput, allowed: ReadonlySet<Algorithm>): Algorithm[] {
  if (jwk.alg !== undefined) {
    return isAlgorithm(jwk.alg) && allowed.has(jwk.alg) ? [jwk.alg] : [];
  }
  // One binding per scheme: EdDSA and Ed25519 (RFC 9864) are one.
  const seen = new Set<Algorithm>();
  return [...allowed].filter((alg) => {
    const req = ALGORITHMS[alg];
    if (req.kty !== jwk.kty || ('crv' in req && req.crv !== jwk.crv)) return false;
    const canonical = canonicalAlgorithm(alg);
    if (seen.has(canonical)) return false;
    seen.add(canonical);
    return true;
  });
}
