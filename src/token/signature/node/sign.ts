/**
 * Synchronous signature creation with `node:crypto` one-shot calls: ECDSA in
 * the fixed-size R‖S form JWS requires, RSASSA-PSS with a salt as long as the
 * hash.
 *
 * @example
 * ```ts
 * const signature = createSignature('EdDSA', toKeyObjects(resolvedKey).sign!, signingInput);
 * ```
 * @module
 */
import { constants, createHmac, type KeyObject, sign } from 'node:crypto';
import type { Algorithm } from '../../types.js';
import { type AlgorithmParams, algorithmParams, keyKindMatches } from './algorithms.js';

/**
 * The `alg` signature of `data` under `key` (a private key, or the HMAC
 * secret). A key that does not fit `alg` is a configuration error: it throws
 * a `TypeError`.
 *
 * @example
 * ```ts
 * const sig = createSignature('HS256', key, new TextEncoder().encode(`${header}.${payload}`));
 * ```
 */
export function createSignature(alg: Algorithm, key: KeyObject, data: Uint8Array): Uint8Array {
  const params = algorithmParams(alg);
  if (!params) {
    throw new TypeError(`tokenwarden: unsupported JWS algorithm ${JSON.stringify(String(alg))}`);
  }
  if (!keyKindMatches(params, key, 'sign')) {
    throw new TypeError(`tokenwarden: the key cannot create ${alg} signatures`);
  }
  try {
    const out = signWith(params, key, data);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (cause) {
    // e.g. an RSASSA-PSS key whose own parameters forbid this hash (RFC 4055 §3.1).
    throw new TypeError(`tokenwarden: the key cannot create ${alg} signatures`, { cause });
  }
}

function signWith(params: AlgorithmParams, key: KeyObject, data: Uint8Array): Buffer {
  switch (params.family) {
    case 'hmac':
      return createHmac(params.hash, key).update(data).digest();
    case 'eddsa':
      return sign(null, data, key);
    case 'ecdsa':
      // RFC 7518 §3.4: JWS carries R‖S, not the DER form OpenSSL produces by default.
      return sign(params.hash, data, { key, dsaEncoding: 'ieee-p1363' });
    case 'rsa':
      return sign(params.hash, data, key);
    case 'pss':
      // RFC 7518 §3.5: the salt is as long as the hash output.
      return sign(params.hash, data, {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: params.saltLength,
      });
  }
}
