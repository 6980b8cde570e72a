/**
 * The refresh path's two primitives, SHA-256 and HMAC-SHA-256, through Web
 * Crypto: the default build, for every runtime. The package's `node` build
 * replaces this module with `refresh-crypto.node.ts` (tsup's esbuild plugin),
 * which answers synchronously from `node:crypto` and skips Web Crypto's
 * thread-pool hop on every refresh. Both return the same bytes.
 * @module
 */
import { encodeBase64url } from '../../core/base64url-codec.js';

/** base64url(SHA-256(`data`)), unpadded. */
export async function sha256Base64url(data: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>);
  return encodeBase64url(new Uint8Array(digest));
}

/** HMAC-SHA-256 under one key, imported once; text is hashed as its UTF-8 bytes. */
export type Hmac = (data: Uint8Array | string) => Promise<Uint8Array>;

const encoder = /* @__PURE__ */ new TextEncoder();

/** An HMAC-SHA-256 function bound to `key`. */
export function createHmacSha256(key: Uint8Array): Hmac {
  let cryptoKey: Promise<CryptoKey> | undefined;
  return async (data) => {
    cryptoKey ??= crypto.subtle.importKey(
      'raw',
      key as Uint8Array<ArrayBuffer>,
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    const mac = await crypto.subtle.sign('HMAC', await cryptoKey, bytes as Uint8Array<ArrayBuffer>);
    return new Uint8Array(mac);
  };
}
