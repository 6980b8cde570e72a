/**
 * The `node` build's replacement for `./refresh-crypto.ts` (swapped in by the
 * second tsup build): the same SHA-256 and HMAC-SHA-256, computed
 * synchronously by `node:crypto` and handed back as resolved promises.
 * @module
 */
import { createHash, createHmac } from 'node:crypto';
import type { Hmac } from './refresh-crypto.js';

export type { Hmac } from './refresh-crypto.js';

/** SHA-256 of `data`. */
export function sha256(data: Uint8Array): Promise<Uint8Array> {
  return Promise.resolve(new Uint8Array(createHash('sha256').update(data).digest()));
}

/** An HMAC-SHA-256 function bound to `key`. */
export function createHmacSha256(key: Uint8Array): Hmac {
  const secret = Buffer.from(key);
  return (data) =>
    Promise.resolve(new Uint8Array(createHmac('sha256', secret).update(data).digest()));
}
