/**
 * Signature verification on Web Crypto, for every runtime: one
 * `crypto.subtle.verify` over the bytes the strict parser already split and
 * decoded. The default backend used to hand the whole token to jose's
 * `compactVerify`, which parsed it a second time and built the signing input
 * again: a quarter of an HS256 verification (measured, `npm run bench`).
 * The key is the `CryptoKey` jose imported for the key set.
 * @module
 */
import { isAlgorithm } from '../../keys/algorithms.js';
import type { Algorithm } from '../../types.js';

type HashName = 'SHA-256' | 'SHA-384' | 'SHA-512';

/** What `crypto.subtle.verify` takes for an algorithm, and what its key must be. */
type VerifyParams =
  | { readonly name: 'HMAC'; readonly hash: HashName }
  | { readonly name: 'Ed25519' }
  | { readonly name: 'ECDSA'; readonly hash: HashName; readonly namedCurve: string }
  | { readonly name: 'RSASSA-PKCS1-v1_5'; readonly hash: HashName }
  /** `saltLength` equals the hash output length (RFC 7518 §3.5). */
  | { readonly name: 'RSA-PSS'; readonly hash: HashName; readonly saltLength: number };

/**
 * The Web Crypto parameters of `alg`, read off its name (RFC 7518 §3.1: the
 * family letter and the hash size), or `undefined` for anything that is not
 * a supported algorithm.
 */
function paramsOf(alg: string): VerifyParams | undefined {
  if (!isAlgorithm(alg)) return undefined;
  if (alg === 'EdDSA' || alg === 'Ed25519') return { name: 'Ed25519' };
  const bits = alg.slice(2);
  const hash = `SHA-${bits}` as HashName;
  switch (alg[0]) {
    case 'H':
      return { name: 'HMAC', hash };
    case 'R':
      return { name: 'RSASSA-PKCS1-v1_5', hash };
    case 'P':
      return { name: 'RSA-PSS', hash, saltLength: Number(bits) / 8 };
    default:
      // ES512 is ECDSA on P-521 with SHA-512 (RFC 7518 §3.4).
      return { name: 'ECDSA', hash, namedCurve: bits === '512' ? 'P-521' : `P-${bits}` };
  }
}

/**
 * True when `key` was imported for exactly this algorithm: its Web Crypto
 * name, its curve, and the hash an HMAC or RSA key is bound to. Web Crypto
 * would run ECDSA with SHA-256 on a P-384 key, so the binding the key set
 * made at import is checked again here, on every call, as the Node path does.
 */
function keyMatches(params: VerifyParams, key: CryptoKey): boolean {
  const algorithm = key.algorithm as KeyAlgorithm & {
    readonly hash?: { readonly name: string };
    readonly namedCurve?: string;
  };
  // EdDSA keys imported by older runtimes carry the draft name `EdDSA`.
  const name = algorithm.name === 'EdDSA' ? 'Ed25519' : algorithm.name;
  if (name !== params.name || !key.usages.includes('verify')) return false;
  if (params.name === 'ECDSA') return algorithm.namedCurve === params.namedCurve;
  // An RSA-PSS or PKCS#1 key, like an HMAC key, is bound to one hash at import.
  if ('hash' in params) return algorithm.hash?.name === params.hash;
  return true;
}

/**
 * True exactly when `signature` is a valid `alg` signature of `data` under
 * `key`. Resolves `false`, never rejects, for a malformed signature, a key of
 * another kind or hash, or an unknown `alg`: a runtime that throws on a
 * signature of the wrong length (some do, for ECDSA) has still refused it.
 *
 * @example
 * ```ts
 * const ok = await verifyWebSignature('ES256', key.verifyKey, signingInput, signatureBytes);
 * ```
 */
export async function verifyWebSignature(
  alg: Algorithm,
  key: CryptoKey,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  const params = paramsOf(alg);
  if (params === undefined || !keyMatches(params, key)) return false;
  try {
    return await crypto.subtle.verify(
      params,
      key,
      signature as Uint8Array<ArrayBuffer>,
      data as Uint8Array<ArrayBuffer>,
    );
  } catch {
    return false;
  }
}
