/**
 * A configured key after import: bound to one algorithm, imported once.
 * @module
 */
import type { Algorithm, JwkInput, PublicKeyMembers } from '../types.js';

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
  /**
   * The private half as configured, for backends that build their own key
   * objects from it (the Node one): the HMAC secret's bytes, or the private
   * JWK; `undefined` for a verify-only key. Checked already; it never leaves
   * the token layer.
   */
  readonly privateMaterial: Uint8Array | JwkInput | undefined;
}
