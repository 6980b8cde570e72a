/**
 * A configured key after import: bound to one algorithm, imported once.
 * @module
 */
import type { Algorithm } from './algorithms.js';
import type { PublicKeyMembers } from './public-jwk.js';

/** One key of a key set, ready for the signature backend. */
export interface ResolvedKey {
  readonly kid: string;
  /** The one algorithm this key may be used with (DESIGN decision 2). */
  readonly alg: Algorithm;
  /** Public key (asymmetric) or the secret (HMAC). */
  readonly verifyKey: CryptoKey;
  /** Private key (asymmetric) or the secret (HMAC); absent for verify-only keys. */
  readonly signKey: CryptoKey | undefined;
  /** Public members for the JWKS; absent for HMAC keys, which are never published. */
  readonly publicKey: PublicKeyMembers | undefined;
}
