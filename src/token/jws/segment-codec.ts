/**
 * How a build turns a JWS segment into bytes and text. The rules (canonical
 * base64url only, fatal UTF-8) are the same everywhere; only the decoder
 * differs: portable code here, Node's native `Buffer` in the Node backend.
 * @module
 */
import { decodeCanonicalBase64url } from '../../core/base64url.js';

/** Decodes JWS segments under tokenwarden's strict rules. */
export interface SegmentCodec {
  /** The bytes of a canonical, unpadded base64url `segment`, or `undefined` for any other text. */
  bytes(segment: string): Uint8Array | undefined;
  /** `bytes` as UTF-8 text, a leading BOM kept; throws (any error) when they are not valid UTF-8. */
  utf8(bytes: Uint8Array): string;
}

// Pure: lets an importer that never verifies tokens drop it (dist is one file).
// `ignoreBOM` keeps a leading U+FEFF in the text, as Node's Buffer does: the
// decoders must agree, and JSON (RFC 8259 §8.1) then refuses it in both builds.
const fatalUtf8 = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The portable codec: the canonical check, jose's base64url decoder, and a fatal `TextDecoder`. */
export const portableCodec: SegmentCodec = {
  bytes: decodeCanonicalBase64url,
  utf8: (bytes) => fatalUtf8.decode(bytes),
};
