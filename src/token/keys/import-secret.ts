/**
 * HMAC keys: a secret of at least the hash output, imported once as a
 * non-extractable Web Crypto key.
 * @module
 */
import { base64url, calculateJwkThumbprint } from 'jose';
import type { Algorithm } from '../types.js';
import { ALGORITHMS } from './algorithms.js';
import type { ResolvedKey } from './resolved-key.js';

/** Imports an HMAC secret given as a string (UTF-8) or bytes. */
export async function fromSecret(
  alg: Algorithm,
  secret: unknown,
  kid: string | undefined,
  where: string,
): Promise<ResolvedKey> {
  let bytes: Uint8Array;
  if (typeof secret === 'string') bytes = new TextEncoder().encode(secret);
  // Copied: a Buffer's slice() would share memory with the caller's.
  else if (secret instanceof Uint8Array) bytes = new Uint8Array(secret);
  else throw new TypeError(`tokenwarden: ${where}.secret must be a string or a Uint8Array`);
  return fromSecretBytes(alg, bytes, kid, where);
}

/** Imports HMAC secret bytes, refusing fewer than the hash output (RFC 7518 §3.2). */
export async function fromSecretBytes(
  alg: Algorithm,
  bytes: Uint8Array,
  kid: string | undefined,
  where: string,
): Promise<ResolvedKey> {
  const req = ALGORITHMS[alg];
  if (req.kty !== 'oct') {
    throw new TypeError(
      `tokenwarden: ${where}: a secret can only be used with HS256, HS384 or HS512`,
    );
  }
  if (bytes.byteLength < req.minBytes) {
    throw new TypeError(
      `tokenwarden: ${where}: ${alg} needs a secret of at least ${req.minBytes} bytes (RFC 7518 §3.2)`,
    );
  }
  const key = await crypto.subtle.importKey(
    'raw',
    bytes as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: req.hash },
    false,
    ['sign', 'verify'],
  );
  // The RFC 7638 thumbprint of an oct JWK is a SHA-256 over the secret. Publishing
  // it in `kid` gives an attacker nothing new: every HMAC-signed token is already
  // an offline oracle for guessing the secret, and the secret has >= 256 bits.
  const resolvedKid =
    kid ?? (await calculateJwkThumbprint({ kty: 'oct', k: base64url.encode(bytes) }, 'sha256'));
  return {
    kid: resolvedKid,
    alg,
    verifyKey: key,
    signKey: key,
    publicKey: undefined,
    privateMaterial: bytes,
  };
}
