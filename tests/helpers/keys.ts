/**
 * Test fixtures: fresh keys per algorithm family, and hand-made (forged or
 * valid) compact JWS built without tokenwarden, signed with node:crypto.
 */
import {
  createHmac,
  createPrivateKey,
  type KeyObject,
  randomBytes,
  constants as rsa,
  sign,
} from 'node:crypto';
import { base64url, exportJWK, exportPKCS8, exportSPKI, generateKeyPair, type JWK } from 'jose';
import { expect } from 'vitest';
import { type Algorithm, type AuthErrorCode, isAuthError } from '../../src/index.js';

/** Every supported algorithm. */
export const ALL_ALGORITHMS: readonly Algorithm[] = [
  'EdDSA',
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
  'RS256',
  'RS384',
  'RS512',
  'HS256',
  'HS384',
  'HS512',
];

export type Family = 'EdDSA' | 'ES256' | 'RS256' | 'PS256' | 'HS256';
export const FAMILIES: readonly Family[] = ['EdDSA', 'ES256', 'RS256', 'PS256', 'HS256'];
export const ASYMMETRIC: readonly Family[] = ['EdDSA', 'ES256', 'RS256', 'PS256'];

/** Raw signer over the signing input, returning the JWS signature bytes. */
export type Signer = (input: Uint8Array) => Uint8Array;

export interface Material {
  alg: Family;
  /** Private JWK (asymmetric) or oct JWK (HMAC). */
  privateJwk: JWK;
  /** Public JWK; absent for HMAC. */
  publicJwk: JWK | undefined;
  publicPem: string | undefined;
  privatePem: string | undefined;
  secret: Uint8Array | undefined;
  signer: Signer;
}

/** Fresh key material for `alg`. */
export async function makeMaterial(alg: Family): Promise<Material> {
  if (alg === 'HS256') {
    const secret = new Uint8Array(randomBytes(32));
    return {
      alg,
      privateJwk: { kty: 'oct', k: base64url.encode(secret) },
      publicJwk: undefined,
      publicPem: undefined,
      privatePem: undefined,
      secret,
      signer: hmacSigner('sha256', secret),
    };
  }
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const privateJwk = await exportJWK(privateKey);
  return {
    alg,
    privateJwk,
    publicJwk: await exportJWK(publicKey),
    publicPem: await exportSPKI(publicKey),
    privatePem: await exportPKCS8(privateKey),
    secret: undefined,
    signer: asymmetricSigner(alg, createPrivateKey({ key: privateJwk as never, format: 'jwk' })),
  };
}

export function hmacSigner(hash: string, secret: Uint8Array | string): Signer {
  return (input) => new Uint8Array(createHmac(hash, secret).update(input).digest());
}

function asymmetricSigner(alg: Exclude<Family, 'HS256'>, key: KeyObject): Signer {
  switch (alg) {
    case 'EdDSA':
      return (input) => new Uint8Array(sign(null, input, key));
    case 'ES256':
      return (input) => new Uint8Array(sign('sha256', input, { key, dsaEncoding: 'ieee-p1363' }));
    case 'RS256':
      return (input) => new Uint8Array(sign('sha256', input, key));
    case 'PS256':
      return (input) =>
        new Uint8Array(
          sign('sha256', input, { key, padding: rsa.RSA_PKCS1_PSS_PADDING, saltLength: 32 }),
        );
  }
}

export function b64json(value: unknown): string {
  return base64url.encode(new TextEncoder().encode(JSON.stringify(value)));
}

/** A compact JWS of arbitrary header and payload (any JSON), signed by `signer`. */
export function craft(header: unknown, payload: unknown, signer: Signer): string {
  const input = `${b64json(header)}.${b64json(payload)}`;
  return `${input}.${base64url.encode(signer(new TextEncoder().encode(input)))}`;
}

/** Asserts that `promise` rejects with an AuthError of `code` (and `claim`, when given). */
export async function expectAuthError(
  promise: Promise<unknown>,
  code: AuthErrorCode,
  claim?: string,
): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'expected a rejection').toBeDefined();
  if (!isAuthError(err)) throw new Error(`expected an AuthError, got ${String(err)}`);
  expect(err.code).toBe(code);
  if (claim !== undefined) expect(err.claim).toBe(claim);
}

/** Replaces the segment `index` (0 header, 1 payload, 2 signature) of a compact token. */
export function withSegment(token: string, index: number, segment: string): string {
  const parts = token.split('.');
  parts[index] = segment;
  return parts.join('.');
}
