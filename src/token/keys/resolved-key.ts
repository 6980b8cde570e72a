/**
 * A configured key after import: bound to one algorithm, imported once.
 * @module
 */
import type { Algorithm, JwkInput, PublicKeyMembers } from '../types.js';

/**
 * The material a key was configured with, kept for backends that build their
 * own key objects from it (the Node one: `node:crypto` `KeyObject`s). It is
 * checked already, and never leaves the token layer.
 */
export type KeyMaterial =
  | { readonly kind: 'secret'; readonly secret: Uint8Array }
  | {
      readonly kind: 'jwk';
      readonly publicJwk: PublicKeyMembers;
      /** The public members plus the private ones; absent for verify-only keys. */
      readonly privateJwk: JwkInput | undefined;
    };

/** One key of a key set, ready for the signature backend. */
export interface ResolvedKey {
  readonly kid: string;
  /** The one algorithm this key may be used with (DESIGN decision 2). */
  readonly alg: Algorithm;
  /** Public key (asymmetric) or the secret (HMAC), non-extractable. */
  readonly verifyKey: CryptoKey;
  /** Private key (asymmetric) or the secret (HMAC), non-extractable; absent for verify-only keys. */
  readonly signKey: CryptoKey | undefined;
  /** Public members for the JWKS; absent for HMAC keys, which are never published. */
  readonly publicKey: PublicKeyMembers | undefined;
  readonly material: KeyMaterial;
}
