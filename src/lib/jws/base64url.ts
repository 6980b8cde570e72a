/**
 * A strict base64url decoder (RFC 4648 §5, no padding, RFC 7515 §2): one
 * pass over the text, refusing anything but the canonical spelling, so a
 * token has exactly one encoding. Decoding and re-encoding to compare, as a
 * generic decoder needs, costs several times more per segment.
 * @module
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i;

function valueAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code < 128 ? (VALUES[code] as number) : -1;
}

/**
 * The bytes `text` encodes, or `undefined` when `text` is not canonical
 * base64url: a character outside the alphabet, a length of 4n+1, or non-zero
 * unused bits in the last character (RFC 4648 §3.5).
 */
export function decodeCanonicalBase64url(text: string): Uint8Array | undefined {
  const tail = text.length & 3;
  if (tail === 1) return undefined;
  const whole = text.length - tail;
  const out = new Uint8Array((whole / 4) * 3 + (tail === 0 ? 0 : tail - 1));
  let o = 0;
  for (let i = 0; i < whole; i += 4) {
    const a = valueAt(text, i);
    const b = valueAt(text, i + 1);
    const c = valueAt(text, i + 2);
    const d = valueAt(text, i + 3);
    if ((a | b | c | d) < 0) return undefined;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >> 16;
    out[o++] = (n >> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  if (tail === 2) {
    const a = valueAt(text, whole);
    const b = valueAt(text, whole + 1);
    if ((a | b) < 0 || (b & 0x0f) !== 0) return undefined;
    out[o] = (a << 2) | (b >> 4);
  } else if (tail === 3) {
    const a = valueAt(text, whole);
    const b = valueAt(text, whole + 1);
    const c = valueAt(text, whole + 2);
    if ((a | b | c) < 0 || (c & 0x03) !== 0) return undefined;
    const n = (a << 10) | (b << 4) | (c >> 2);
    out[o++] = n >> 8;
    out[o] = n & 0xff;
  }
  return out;
}
