/**
 * Plain base64url (RFC 4648 §5, unpadded) encoding and decoding of bytes, as
 * fast as the runtime allows. This default build uses jose's codec, which
 * runs everywhere; the package's `node` build replaces this module with
 * `base64url-codec.node.ts` (tsup's esbuild plugin), which uses Node's native
 * `Buffer` codec: a refresh encodes or decodes a 32-byte value about six
 * times, and jose's string-building codec was about 15% of a refresh on
 * MemoryStore. Both give the same text and bytes. The decoder is lenient:
 * callers check canonical spelling first (`decodeCanonicalBase64url`).
 * @module
 */
import { base64url } from 'jose';

/** `bytes` in unpadded base64url. */
export function encodeBase64url(bytes: Uint8Array): string {
  return base64url.encode(bytes);
}

/** The bytes of base64url `text` (not checked for canonical spelling). */
export function decodeBase64url(text: string): Uint8Array {
  return base64url.decode(text);
}
