/**
 * The JWS algorithms tokenwarden accepts and what each demands of its key.
 * Anything outside this table (notably `none`) is refused everywhere.
 * @module
 */
import type { Algorithm } from '../types.js';

/** What a key must look like to be bound to an algorithm. */
export type KeyRequirement =
  | { kty: 'OKP'; crv: 'Ed25519' }
  | { kty: 'EC'; crv: 'P-256' | 'P-384' | 'P-521' }
  | { kty: 'RSA' }
  | { kty: 'oct'; hash: 'SHA-256' | 'SHA-384' | 'SHA-512'; minBytes: number };

// RFC 7518 §3.2: an HMAC key must be at least as long as the hash output.
export const ALGORITHMS: Readonly<Record<Algorithm, KeyRequirement>> = {
  EdDSA: { kty: 'OKP', crv: 'Ed25519' },
  // RFC 9864 §2.2: the fully-specified name of EdDSA on Ed25519, the only curve we take.
  Ed25519: { kty: 'OKP', crv: 'Ed25519' },
  ES256: { kty: 'EC', crv: 'P-256' },
  ES384: { kty: 'EC', crv: 'P-384' },
  ES512: { kty: 'EC', crv: 'P-521' },
  PS256: { kty: 'RSA' },
  PS384: { kty: 'RSA' },
  PS512: { kty: 'RSA' },
  RS256: { kty: 'RSA' },
  RS384: { kty: 'RSA' },
  RS512: { kty: 'RSA' },
  HS256: { kty: 'oct', hash: 'SHA-256', minBytes: 32 },
  HS384: { kty: 'oct', hash: 'SHA-384', minBytes: 48 },
  HS512: { kty: 'oct', hash: 'SHA-512', minBytes: 64 },
};

// dist is one file, so an importer's bundler can only drop unused top-level
// statements it knows to be pure: calls are marked.
/** Every supported algorithm, in a stable order. */
export const SUPPORTED_ALGORITHMS = /* @__PURE__ */ Object.keys(ALGORITHMS) as readonly Algorithm[];

// RFC 7518 §3.3 and §3.5: RSA keys of 2048 bits or larger.
export const MIN_RSA_BITS = 2048;

/** True when `value` is one of the supported algorithms (exact, case-sensitive: RFC 7515 §4.1.1). */
export function isAlgorithm(value: unknown): value is Algorithm {
  return typeof value === 'string' && Object.hasOwn(ALGORITHMS, value);
}

/** `value` as a supported algorithm; a `TypeError` naming `option` and the choices otherwise. */
export function toAlgorithm(value: unknown, option: string): Algorithm {
  if (isAlgorithm(value)) return value;
  throw new TypeError(
    `tokenwarden: ${option} must be one of ${SUPPORTED_ALGORITHMS.join(', ')} (got ${JSON.stringify(String(value))})`,
  );
}

/** True for the HMAC algorithms, whose single key both signs and verifies. */
export function isSymmetric(alg: Algorithm): boolean {
  return ALGORITHMS[alg].kty === 'oct';
}

/**
 * One name per algorithm: `Ed25519` (RFC 9864) and `EdDSA` on an Ed25519 key
 * are the same signature scheme, so a key bound to either verifies both.
 */
export function canonicalAlgorithm(alg: Algorithm): Algorithm {
  return alg === 'Ed25519' ? 'EdDSA' : alg;
}

const EDDSA_NAMES: readonly Algorithm[] = ['EdDSA', 'Ed25519'];
const SINGLE_NAMES = /* @__PURE__ */ new Map<Algorithm, readonly Algorithm[]>();

/** `alg` and its other spelling, if any (RFC 9864 §2.2); the same array on every call. */
export function algorithmAliases(alg: Algorithm): readonly Algorithm[] {
  if (canonicalAlgorithm(alg) === 'EdDSA') return EDDSA_NAMES;
  let names = SINGLE_NAMES.get(alg);
  if (names === undefined) {
    names = [alg];
    SINGLE_NAMES.set(alg, names);
  }
  return names;
}
