/**
 * The `node` build's replacement for `./base64url-codec.ts` (swapped in by the
 * second tsup build): the same base64url text and bytes through Node's native
 * `Buffer` codec. `Buffer` is a global on Node, so nothing is imported from
 * `node:`. Decoded bytes are handed back as a plain `Uint8Array` view.
 * @module
 */

/** `bytes` in unpadded base64url. */
export function encodeBase64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** The bytes of base64url `text` (not checked for canonical spelling). */
export function decodeBase64url(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'base64url');
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
