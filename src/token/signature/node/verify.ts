/**
 * Synchronous signature verification with `node:crypto` one-shot calls: no
 * Web Crypto thread-pool round trip. It never throws for any signature bytes;
 * every failure, including a key of the wrong kind, is `false`.
 *
 * @example
 * ```ts
 * if (!verifySignature('HS256', toKeyObjects(resolvedKey).verify, signingInput, signature)) reject();
 * ```
 * @module
 */
import { constants, createHmac, type KeyObject, timingSafeEqual, verify } from 'node:crypto';
import type { Algorithm } from '../../types.js';
import { type AlgorithmParams, algorithmParams, keyKindMatches } from './algorithms.js';

/**
 * True exactly when `signature` is a valid `alg` signature of `data` under
 * `key` (a public key, or the HMAC secret). Returns `false`, never throws, for
 * malformed signatures, a key of another kind, or an unknown `alg`.
 *
 * @example
 * ```ts
 * verifySignature('ES256', key, new TextEncoder().encode(`${header}.${payload}`), sig);
 * ```
 */
export function verifySignature(
  alg: Algorithm,
  key: KeyObject,
  data: Uint8Array | string,
  signature: Uint8Array,
): boolean {
  const params = algorithmParams(alg);
  if (!params || !keyKindMatches(params, key, 'verify')) return false;
  try {
    return verifyWith(params, key, data, signature);
  } catch {
    // OpenSSL refusing the input (bad encoding, out-of-range values) is a failed check.
    return false;
  }
}

function verifyWith(
  params: AlgorithmParams,
  key: KeyObject,
  text: Uint8Array | string,
  signature: Uint8Array,
): boolean {
  if (params.family === 'hmac') {
    // The length check must come first: timingSafeEqual throws on unequal lengths.
    if (signature.byteLength !== params.size) return false;
    // A string goes to OpenSSL without a copy into a JS-visible buffer first.
    return timingSafeEqual(createHmac(params.hash, key).update(text).digest(), signature);
  }
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  switch (params.family) {
    case 'eddsa':
      if (signature.byteLength !== params.size) return false;
      return verify(null, data, key, signature);
    case 'ecdsa':
      // RFC 7518 §3.4: R and S as fixed-size octets, nothing else (no DER, no padding).
      if (signature.byteLength !== params.size) return false;
      return verify(params.hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
    case 'rsa':
      if (!hasModulusLength(key, signature)) return false;
      return verify(params.hash, data, key, signature);
    case 'pss':
      if (!hasModulusLength(key, signature)) return false;
      return verify(
        params.hash,
        data,
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: params.saltLength },
        signature,
      );
  }
}

/** RFC 8017 §8.1.2 and §8.2.2 step 1: the signature is exactly k octets long. */
function hasModulusLength(key: KeyObject, signature: Uint8Array): boolean {
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  return signature.byteLength === Math.ceil(bits / 8);
}
