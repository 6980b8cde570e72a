/**
 * Canonical base64url (RFC 4648 §5, no padding, RFC 7515 §2): the one
 * spelling tokenwarden accepts, so a token has exactly one encoding. The
 * rule is checked here, by regular expressions, before any decoder sees the
 * text; the decoders themselves (`base64url-codec.ts`: jose's, or Node's
 * `Buffer` in the `node` build) are lenient.
 * @module
 */
import { decodeBase64url } from './base64url-codec.js';

const ALPHABET_RE = /^[A-Za-z0-9_-]*$/;
/**
 * RFC 4648 §3.5: the unused low bits of the last character must be zero: 4 of
 * them after a 2-character tail (`length % 4 === 2`), 2 after a 3-character
 * one. These patterns match the characters whose values (A=0 … _=63) leave
 * those bits clear, at the end of the text; patterns that check a fixed length
 * in one pass reuse their character class (`source` without the `$`).
 */
export const LAST_OF_TWO_RE = /[AQgw]$/;
/** See {@link LAST_OF_TWO_RE}. */
export const LAST_OF_THREE_RE = /[AEIMQUYcgkosw048]$/;

/** True when `text` uses only the 64 characters of the base64url alphabet (or is empty). */
export function isBase64urlAlphabet(text: string): boolean {
  return ALPHABET_RE.test(text);
}

/**
 * True when `text` is canonical unpadded base64url: only the 64 characters
 * of the alphabet, not a 4n+1 length, and no set bit in the last character's
 * unused bits.
 */
export function isCanonicalBase64url(text: string): boolean {
  const tail = text.length & 3;
  // A compiled regex scans the alphabet several times faster than a JS loop.
  if (tail === 1 || !isBase64urlAlphabet(text)) return false;
  if (tail === 0) return true;
  return (tail === 2 ? LAST_OF_TWO_RE : LAST_OF_THREE_RE).test(text);
}

/** The bytes `text` encodes, or `undefined` when `text` is not canonical base64url. */
export function decodeCanonicalBase64url(text: string): Uint8Array | undefined {
  return isCanonicalBase64url(text) ? decodeBase64url(text) : undefined;
}
