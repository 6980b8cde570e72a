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
 * const keys = await createKeySet({ keys: [{ alg: 'EdDSA', jwk: await exportJWK(privateKey) }] });
 * keys.jwks(); // { keys: [{ kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' }] }
 * ```
 * @module
 */
import { buildKeySet, type KeySet, type KeySetOptions } from './keys/key-set.js';

/**
 * Builds a {@link KeySet}. Keys are imported once, here. Bad configuration (an
 * unknown or `none` algorithm, a key that does not fit its algorithm, an HMAC
 * secret shorter than the hash output, an RSA key under 2048 bits, a duplicate
 * `kid`) rejects with a `TypeError`. `kid` defaults to the RFC 7638 thumbprint.
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
export function createKeySet(options: KeySetOptions): Promise<KeySet> {
  return buildKeySet(options);
}

export type { KeySet, KeySetOptions, PublicJwks } from './keys/key-set.js';
export type { Algorithm } from './keys/algorithms.js';
export type { KeyInput, JwkInput, HmacAlgorithm } from './keys/import-key.js';
export type { PublicJwk } from './keys/public-jwk.js';
