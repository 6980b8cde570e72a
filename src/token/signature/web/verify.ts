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

/**
 * What `crypto.subtle.verify` takes for an algorithm, what its key must be,
 * and `size`, the one length of its signatures in bytes when the algorithm
 * alone fixes it: the HMAC's output, Ed25519's 64 (RFC 8032 §5.1.6), ECDSA's
 * R‖S (RFC 7518 §3.4). Web Crypto ignores `size`. An RSA signature is the
 * key's modulus length, k (RFC 8017 §8.1.2 and §8.2.2, step 1).
 */
type VerifyParams = { readonly size?: number } & (
  | { readonly name: 'HMAC'; readonly hash: HashName }
  | { readonly name: 'Ed25519' }
  | { readonly name: 'ECDSA'; readonly hash: HashName; readonly namedCurve: string }
  | { readonly name: 'RSASSA-PKCS1-v1_5'; readonly hash: HashName }
  /** `saltLength` equals the hash output length (RFC 7518 §3.5). */
  | { readonly name: 'RSA-PSS'; readonly hash: HashName; readonly saltLength: number }
);

/**
 * The Web Crypto parameters of `alg`, read off its name (RFC 7518 §3.1: the
 * family letter and the hash size), or `undefined` for anything that is not
 * a supported algorithm.
 */
function paramsOf(alg: string): VerifyParams | undefined {
  if (!isAlgorithm(alg)) return undefined;
  if (alg === 'EdDSA' || alg === 'Ed25519') return { name: 'Ed25519', size: 64 };
  const bits = alg.slice(2);
  const hash = `SHA-${bits}` as HashName;
  const bytes = Number(bits) / 8;
  switch (alg[0]) {
    case 'H':
      return { name: 'HMAC', hash, size: bytes };
    case 'R':
      return { name: 'RSASSA-PKCS1-v1_5', hash };
    case 'P':
      return { name: 'RSA-PSS', hash, saltLength: bytes };
    default:
      // ES512 is ECDSA on P-521 with SHA-512: 66-byte coordinates (RFC 7518 §3.4).
      return bits === '512'
        ? { name: 'ECDSA', hash, namedCurve: 'P-521', size: 132 }
        : { name: 'ECDSA', hash, namedCurve: `P-${bits}`, size: 2 * bytes };
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
 * `key`. Resolves `false`, never rejects, for a signature of any other
 * length than the one the algorithm and key give, a malformed signature, a
 * key of another kind or hash, or an unknown `alg`: a runtime that throws on
 * a signature it refuses has still refused it.
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
  // One length per signature: OpenSSL under Node's Web Crypto reads an RSA
  // signature without its leading zero bytes as the same number, which would
  // give one token two signatures. The Node path checks the same lengths.
  const { modulusLength } = key.algorithm as { readonly modulusLength?: number };
  if (signature.byteLength !== (params.size ?? Math.ceil((modulusLength ?? 0) / 8))) return false;
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
