/**
 * The node-only parameters of each JWS algorithm (OpenSSL hash and curve
 * names, sizes), computed once at load rather than per call. The list of
 * algorithms itself is the shared one in `token/keys/algorithms.ts`.
 * @module
 */
import type { KeyObject } from 'node:crypto';
import type { Algorithm } from '../../types.js';

type HashName = 'sha256' | 'sha384' | 'sha512';

/** OpenSSL names, as `KeyObject.asymmetricKeyDetails.namedCurve` reports them. */
type CurveName = 'prime256v1' | 'secp384r1' | 'secp521r1';

export type AlgorithmParams =
  /** `size`: tag length and minimum secret length in bytes (RFC 7518 §3.2). */
  | { readonly family: 'hmac'; readonly hash: HashName; readonly size: number }
  /** `size`: Ed25519 signature length (RFC 8032 §5.1.6). */
  | { readonly family: 'eddsa'; readonly size: 64 }
  /** `size`: R‖S, twice the coordinate size (RFC 7518 §3.4). */
  | {
      readonly family: 'ecdsa';
      readonly hash: HashName;
      readonly curve: CurveName;
      readonly size: number;
    }
  | { readonly family: 'rsa'; readonly hash: HashName }
  /** `saltLength` equals the hash output length (RFC 7518 §3.5). */
  | { readonly family: 'pss'; readonly hash: HashName; readonly saltLength: number };

const ALGORITHMS: Readonly<Record<Algorithm, AlgorithmParams>> = {
  EdDSA: { family: 'eddsa', size: 64 },
  Ed25519: { family: 'eddsa', size: 64 },
  ES256: { family: 'ecdsa', hash: 'sha256', curve: 'prime256v1', size: 64 },
  ES384: { family: 'ecdsa', hash: 'sha384', curve: 'secp384r1', size: 96 },
  ES512: { family: 'ecdsa', hash: 'sha512', curve: 'secp521r1', size: 132 },
  PS256: { family: 'pss', hash: 'sha256', saltLength: 32 },
  PS384: { family: 'pss', hash: 'sha384', saltLength: 48 },
  PS512: { family: 'pss', hash: 'sha512', saltLength: 64 },
  RS256: { family: 'rsa', hash: 'sha256' },
  RS384: { family: 'rsa', hash: 'sha384' },
  RS512: { family: 'rsa', hash: 'sha512' },
  HS256: { family: 'hmac', hash: 'sha256', size: 32 },
  HS384: { family: 'hmac', hash: 'sha384', size: 48 },
  HS512: { family: 'hmac', hash: 'sha512', size: 64 },
};

/**
 * The parameters of `alg`, or `undefined` for anything else. `Object.hasOwn`
 * keeps names such as `constructor` or `__proto__` from reaching the prototype.
 */
export function algorithmParams(alg: string): AlgorithmParams | undefined {
  return Object.hasOwn(ALGORITHMS, alg) ? ALGORITHMS[alg as Algorithm] : undefined;
}

/**
 * True when `key` is of the kind the algorithm family needs: a secret for
 * HMAC, an Ed25519/EC/RSA key of the right type otherwise. This is the check
 * that makes "HS256 keyed with a public key" impossible at every call, on top
 * of the full check the key set does once at import.
 */
export function keyKindMatches(
  params: AlgorithmParams,
  key: KeyObject,
  purpose: 'sign' | 'verify',
): boolean {
  if (params.family === 'hmac') return key.type === 'secret';
  if (key.type !== (purpose === 'sign' ? 'private' : 'public')) return false;
  switch (params.family) {
    case 'eddsa':
      return key.asymmetricKeyType === 'ed25519';
    case 'ecdsa':
      return (
        key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === params.curve
      );
    case 'rsa':
      return key.asymmetricKeyType === 'rsa';
    case 'pss':
      return key.asymmetricKeyType === 'rsa' || key.asymmetricKeyType === 'rsa-pss';
  }
}
