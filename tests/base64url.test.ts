/**
 * The strict base64url decoder the parser uses: it must agree with a generic
 * decoder on canonical text and refuse every other spelling.
 */
import fc from 'fast-check';
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import { decodeCanonicalBase64url } from '../src/core/base64url.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The reference: a generic decode that round-trips to the same text. */
function reference(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const bytes = base64url.decode(text);
    return base64url.encode(bytes) === text ? bytes : undefined;
  } catch {
    return undefined;
  }
}

describe('decodeCanonicalBase64url', () => {
  it('decodes what base64url.encode produces, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(decodeCanonicalBase64url(base64url.encode(bytes))).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with decode-and-re-encode on arbitrary text over the alphabet and beyond', () => {
    const char = fc.oneof(
      { arbitrary: fc.constantFrom(...ALPHABET), weight: 8 },
      { arbitrary: fc.constantFrom('=', '+', '/', ' ', '.', 'é', '\u0000', '\u0141'), weight: 1 },
    );
    fc.assert(
      fc.property(fc.array(char, { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        expect(decodeCanonicalBase64url(text)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts exactly the last characters whose unused bits are zero, for every tail length', () => {
    for (const c of ALPHABET) {
      for (const text of [`QU${c}`, `Q${c}`, `QUJD${c}`, `QUJDR${c}`]) {
        expect(decodeCanonicalBase64url(text), text).toEqual(reference(text));
      }
    }
  });

  it.each([
    ['a 4n+1 length', 'QUJDR'],
    ['non-zero trailing bits (2-char tail)', 'QR'],
    ['non-zero trailing bits (3-char tail)', 'QUJ'],
    ['padding', 'QQ=='],
    ['standard base64 characters', 'ab+/'],
    ['a non-ASCII character that maps to an alphabet code unit', '\u0141BCD'],
  ])('refuses %s', (_what, text) => {
    expect(decodeCanonicalBase64url(text)).toBeUndefined();
  });
});
