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

/** Signs the bytes of a signing input; `text` is ASCII (base64url and "."), as every JWS signing input is. */
export type Signer = (text: string) => Buffer;

/**
 * A signer for `alg` under `key` (a private key, or the HMAC secret), its
 * checks done once here and its `node:crypto` options built once: the issuer
 * holds one per key. A key that does not fit `alg` is a configuration error:
 * it throws a `TypeError`, here or (for parameters only OpenSSL checks, such
 * as an RSASSA-PSS key restricted to another hash) on the first signature.
 *
 * @example
 * ```ts
 * const sign = signerFor('ES256', privateKeyObject);
 * const signature = sign(`${header}.${payload}`).toString('base64url');
 * ```
 */
export function signerFor(alg: Algorithm, key: KeyObject): Signer {
  const params = algorithmParams(alg);
  if (!params) {
    throw new TypeError(`tokenwarden: unsupported JWS algorithm ${JSON.stringify(String(alg))}`);
  }
  if (!keyKindMatches(params, key, 'sign')) {
    throw new TypeError(`tokenwarden: the key cannot create ${alg} signatures`);
  }
  const sign = signWith(params, key);
  return (text) => {
    try {
      return sign(text);
    } catch (cause) {
      // e.g. an RSASSA-PSS key whose own parameters forbid this hash (RFC 4055 §3.1).
      throw new TypeError(`tokenwarden: the key cannot create ${alg} signatures`, { cause });
    }
  };
}

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
  const sign = signerFor(alg, key);
  const out = sign(Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1'));
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

// Each family's one-shot call, its options object made once per key.
function signWith(params: AlgorithmParams, key: KeyObject): Signer {
  switch (params.family) {
    case 'hmac': {
      const hash = params.hash;
      // A string input goes to OpenSSL without a JS-visible copy first.
      return (text) => createHmac(hash, key).update(text, 'latin1').digest();
    }
    case 'eddsa':
      return (text) => sign(null, Buffer.from(text, 'latin1'), key);
    case 'ecdsa': {
      // RFC 7518 §3.4: JWS carries R‖S, not the DER form OpenSSL produces by default.
      const options = { key, dsaEncoding: 'ieee-p1363' as const };
      const hash = params.hash;
      return (text) => sign(hash, Buffer.from(text, 'latin1'), options);
    }
    case 'rsa': {
      const hash = params.hash;
      return (text) => sign(hash, Buffer.from(text, 'latin1'), key);
    }
    case 'pss': {
      // RFC 7518 §3.5: the salt is as long as the hash output.
      const options = {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: params.saltLength,
      };
      const hash = params.hash;
      return (text) => sign(hash, Buffer.from(text, 'latin1'), options);
    }
  }
}
