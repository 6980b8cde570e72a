/**
 * The refresh path's two primitives, SHA-256 and HMAC-SHA-256, through Web
 * Crypto: the default build, for every runtime. The package's `node` build
 * replaces this module with `refresh-crypto.node.ts` (tsup's esbuild plugin),
 * which answers synchronously from `node:crypto` and skips Web Crypto's
 * thread-pool hop on every refresh. Both return the same bytes.
 * @module
 */

/** SHA-256 of `data`. */
export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
}

/** HMAC-SHA-256 under one key, imported once. */
export type Hmac = (data: Uint8Array) => Promise<Uint8Array>;

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
    const mac = await crypto.subtle.sign('HMAC', await cryptoKey, data as Uint8Array<ArrayBuffer>);
    return new Uint8Array(mac);
  };
}
