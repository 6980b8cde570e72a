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
export function toKeyObjects({ material }: ResolvedKey): KeyObjects {
  if (material.kind === 'secret') {
    const secret = createSecretKey(material.secret);
    return { verify: secret, sign: secret };
  }
  return {
    verify: createPublicKey({ key: material.publicJwk, format: 'jwk' }),
    sign:
      material.privateJwk === undefined
        ? undefined
        : createPrivateKey({ key: material.privateJwk, format: 'jwk' }),
  };
}
