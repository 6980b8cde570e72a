/**
 * Key sets: keys loaded once from a JWK, a PEM or an HMAC secret, each bound
 * to exactly one algorithm, with one signing key and any number of
 * verification keys (for rotation), and a JWKS of the public keys.
 *
 * @example
 * ```ts
 * import { generateKeyPair, exportJWK } from 'jose';
 * import { createKeySet } from 'tokenwarden';
 *
 * const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
 * const keys = await createKeySet({ alg: 'EdDSA', jwk: await exportJWK(privateKey) });
 * keys.jwks(); // { keys: [{ kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' }] }
 * ```
 * @module
 */
import { buildKeySet } from './keys/key-set.js';
import type { KeyInput, KeySet, KeySetOptions } from './types.js';

/**
 * Builds a {@link KeySet} from one key. Keys are imported once, here. Bad
 * configuration (an unknown or `none` algorithm, a key that does not fit its
 * algorithm, an HMAC secret shorter than the hash output, an RSA key under
 * 2048 bits) rejects with a `TypeError`. `kid` defaults to the RFC 7638 thumbprint.
 *
 * @example
 * ```ts
 * const keys = await createKeySet({ alg: 'HS256', secret: process.env.JWT_SECRET! });
 * const named = await createKeySet({ alg: 'EdDSA', jwk: privateJwk, kid: '2025-01' });
 * ```
 */
export function createKeySet(key: KeyInput): Promise<KeySet>;
/**
 * Builds a {@link KeySet} from several keys, for rotation: one signs (the first
 * that can, or `signingKid`), all of them verify. Keys are imported once,
 * here. Bad configuration (as for a single key, plus a duplicate `kid` or a
 * `signingKid` that names no private key or secret) rejects with a `TypeError`.
 *
 * @example
 * ```ts
 * const keys = await createKeySet({
 *   keys: [
 *     { alg: 'ES256', pem: process.env.NEW_PRIVATE_KEY_PEM! },     // signs
 *     { alg: 'ES256', pem: process.env.OLD_PUBLIC_KEY_PEM!, kid: 'old' }, // still verifies
 *   ],
 * });
 * ```
 */
export function createKeySet(options: KeySetOptions): Promise<KeySet>;
export function createKeySet(input: KeyInput | KeySetOptions): Promise<KeySet> {
  return buildKeySet(input);
}

export type {
  Algorithm,
  HmacAlgorithm,
  JwkInput,
  KeyInput,
  KeySet,
  KeySetOptions,
  PublicJwk,
  PublicJwks,
} from './types.js';
