/**
 * The Node backend's keys: `KeyObject`s built from the material the key set
 * was configured with (a secret, or JWK members), never converted from the
 * key set's non-extractable `CryptoKey`s (`KeyObject.from` on those is
 * deprecated, DEP0204). The key set has checked the material against its
 * algorithm already.
 *
 * @example
 * ```ts
 * const { sign, verify } = toKeyObjects(resolvedKey);
 * verifySignature(resolvedKey.alg, verify, signingInput, signature);
 * ```
 * @module
 */
import { createPrivateKey, createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import type { ResolvedKey } from '../../keys/resolved-key.js';

/** One key as `node:crypto` uses it. */
export interface KeyObjects {
  /** The public key, or the HMAC secret. */
  readonly verify: KeyObject;
  /** The private key, or the HMAC secret; absent for verify-only keys. */
  readonly sign: KeyObject | undefined;
}

/** Builds the `KeyObject`s of `key` from its configured material. */
export function toKeyObjects({ publicKey, privateMaterial }: ResolvedKey): KeyObjects {
  if (privateMaterial instanceof Uint8Array) {
    const secret = createSecretKey(privateMaterial);
    return { verify: secret, sign: secret };
  }
  // Only HMAC keys lack public members, and their material is bytes.
  return {
    verify: createPublicKey({ key: publicKey!, format: 'jwk' }),
    sign:
      privateMaterial === undefined
        ? undefined
        : createPrivateKey({ key: privateMaterial, format: 'jwk' }),
  };
}
