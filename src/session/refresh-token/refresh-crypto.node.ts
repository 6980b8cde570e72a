/**
 * The `node` build's replacement for `./refresh-crypto.ts` (swapped in by the
 * second tsup build): the same SHA-256 and HMAC-SHA-256, computed
 * synchronously by `node:crypto` and handed back as resolved promises.
 * SHA-256 uses the one-shot `hash()` (Node ≥ 20.12), several times faster on
 * 32 bytes than `createHash().update().digest()`, and encodes its base64url
 * natively.
 * @module
 */
import { createHmac, hash } from 'node:crypto';
import type { Hmac } from './refresh-crypto.js';

export type { Hmac } from './refresh-crypto.js';

/** SHA-256 of `data`. */
export function sha256(data: Uint8Array): Promise<Uint8Array> {
  return Promise.resolve(view(hash('sha256', data, 'buffer')));
}

/** base64url(SHA-256(`data`)), unpadded. */
export function sha256Base64url(data: Uint8Array): Promise<string> {
  return Promise.resolve(hash('sha256', data, 'base64url'));
}

/** An HMAC-SHA-256 function bound to `key`. */
export function createHmacSha256(key: Uint8Array): Hmac {
  const secret = Buffer.from(key);
  return (data) => Promise.resolve(view(createHmac('sha256', secret).update(data).digest()));
}

// A plain Uint8Array over the Buffer's bytes: no copy, and callers never see a Buffer.
function view(bytes: Buffer): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
