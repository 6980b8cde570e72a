/**
 * Turns one key input (JWK, PEM or HMAC secret) into a {@link ResolvedKey}.
 * Every misfit between key and algorithm is a configuration `TypeError`.
 * @module
 */
import { nonEmptyString } from '../../core/options.js';
import { type Algorithm, toAlgorithm } from './algorithms.js';
import { fromJwk, fromPem } from './import-asymmetric.js';
import { fromSecret } from './import-secret.js';
import type { ResolvedKey } from './resolved-key.js';

/**
 * A JSON Web Key as accepted in configuration (public or private).
 *
 * @example
 * ```ts
 * const jwk: JwkInput = await exportJWK(privateKey); // from jose
 * ```
 */
export type JwkInput = Record<string, unknown>;

/**
 * An HMAC algorithm: the only ones that take a `secret`.
 *
 * @example
 * ```ts
 * const alg: HmacAlgorithm = 'HS256';
 * ```
 */
export type HmacAlgorithm = 'HS256' | 'HS384' | 'HS512';

/**
 * One key of a key set: a JWK, a PEM (SPKI or PKCS#8) or an HMAC secret, bound to `alg`.
 * `kid` defaults to the key's RFC 7638 thumbprint (or the JWK's own `kid`).
 *
 * @example
 * ```ts
 * const inputs: KeyInput[] = [
 *   { alg: 'EdDSA', jwk: privateJwk },
 *   { alg: 'RS256', pem: publicPem, kid: '2024-01' },
 *   { alg: 'HS256', secret: process.env.JWT_SECRET! }, // >= 32 bytes
 * ];
 * ```
 */
export type KeyInput =
  | { alg: Algorithm; jwk: JwkInput; kid?: string }
  | { alg: Exclude<Algorithm, HmacAlgorithm>; pem: string; kid?: string }
  | { alg: HmacAlgorithm; secret: string | Uint8Array; kid?: string };

/** Imports one key input. */
export async function importKey(input: KeyInput, index: number): Promise<ResolvedKey> {
  const where = `keys[${index}]`;
  if (typeof input !== 'object' || input === null) {
    throw new TypeError(`tokenwarden: ${where} must be an object`);
  }
  const alg = toAlgorithm(input.alg, `${where}.alg`);
  const kid = input.kid === undefined ? undefined : nonEmptyString(input.kid, `${where}.kid`);
  const sources = ['jwk', 'pem', 'secret'].filter((name) => name in input);
  if (sources.length !== 1) {
    throw new TypeError(`tokenwarden: ${where} needs exactly one of "jwk", "pem" or "secret"`);
  }
  if ('secret' in input) return fromSecret(alg, input.secret, kid, where);
  if ('pem' in input) return fromPem(alg, input.pem, kid, where);
  return fromJwk(alg, input.jwk, kid, where);
}
