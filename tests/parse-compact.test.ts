/**
 * The strict compact-JWS parser on its own, on both segment codecs (the
 * portable one of the default build, Node's `Buffer` one of the Node
 * backend): its strictness must not lean on jose, and the two codecs must
 * draw the same line.
 */
import fc from 'fast-check';
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import { isAuthError } from '../src/index.js';
import {
  checkSignatureSegment,
  decodeJsonSegment,
  splitCompactJws,
} from '../src/token/jws/parse-compact.js';
import { portableCodec, type SegmentCodec } from '../src/token/jws/segment-codec.js';
import { nodeCodec } from '../src/token/signature/node/codec.js';
import { b64json } from './helpers/keys.js';

const H = b64json({ alg: 'HS256', kid: 'k', typ: 'at+jwt' });
const P = b64json({ sub: 'a' });
const S = base64url.encode(new Uint8Array(32).fill(1));

/** The parser's steps in the verifier's order, for one codec. */
function parse(token: string, codec: SegmentCodec, maxBytes = 8192) {
  const segments = splitCompactJws(token, maxBytes);
  const header = decodeJsonSegment(segments.header, 'header', codec);
  const payload = decodeJsonSegment(segments.payload, 'payload', codec);
  checkSignatureSegment(segments.signature);
  return { segments, header, payload };
}

function refusal(token: string, codec: SegmentCodec, maxBytes = 8192): string {
  try {
    parse(token, codec, maxBytes);
  } catch (err) {
    if (isAuthError(err, 'TOKEN_INVALID')) return err.message;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe.each([
  ['portable', portableCodec],
  ['node', nodeCodec],
])('the strict parser, %s codec', (_name, codec) => {
  it('returns the segments, the signing input, header and payload', () => {
    const { segments, header, payload } = parse(`${H}.${P}.${S}`, codec);
    expect(header).toEqual({ alg: 'HS256', kid: 'k', typ: 'at+jwt' });
    expect(payload).toEqual({ sub: 'a' });
    expect(segments).toEqual({ header: H, payload: P, signature: S, signingText: `${H}.${P}` });
  });

  it('applies the size limit first, even to input that would not parse', () => {
    expect(refusal('!'.repeat(101), codec, 100)).toMatch(/too large/);
    expect(refusal(`${H}.${P}.${S}`, codec, H.length + P.length + S.length + 1)).toMatch(
      /too large/,
    );
    expect(() => parse(`${H}.${P}.${S}`, codec, H.length + P.length + S.length + 2)).not.toThrow();
  });

  it.each([[`${H}.${P}`], [`${H}.${P}.${S}.${S}`], [`${H}.${P}.${S}.`], [`${H}`], ['..'.slice(1)]])(
    'refuses anything but three segments: %s',
    (token) => {
      expect(refusal(token, codec)).toMatch(/three segments/);
    },
  );

  it.each([
    [`${H}.${P}.`],
    [`${H}.${P}.${S}=`],
    [`${H}.${P}.${S} `],
    [`${H}.${P}.${S.replace(/.$/, '+')}`],
    [`${H}.${P}.${S.replace(/.$/, '/')}`],
    [`${H}.${P}.${S}\n`],
    [`${H}=.${P}.${S}`],
    [`${H}.${P.slice(0, 4)}é${P.slice(5)}.${S}`],
    [`.${P}.${S}`],
    [`${H}..${S}`],
  ])('refuses characters outside the base64url alphabet, before decoding: %j', (token) => {
    expect(refusal(token, codec)).toMatch(/not base64url/);
  });

  it('refuses non-canonical base64url (non-zero trailing bits) in every segment', () => {
    const flip = (text: string) => `${text.slice(0, -1)}${text.at(-1) === 'E' ? 'F' : 'E'}`;
    expect(base64url.decode(flip(S))).toEqual(base64url.decode(S));
    expect(refusal(`${H}.${P}.${flip(S)}`, codec)).toMatch(/signature is not canonical/);
    // {"sub":"a"} is 11 bytes: 15 characters, the last carrying 2 unused bits.
    const payload = b64json({ sub: 'a' });
    expect(payload.length % 4).toBe(3);
    const sibling = `${payload.slice(0, -1)}${String.fromCharCode(payload.charCodeAt(payload.length - 1) + 1)}`;
    expect(refusal(`${H}.${sibling}.${S}`, codec)).toMatch(/payload is not canonical/);
  });

  it('refuses an impossible base64url length', () => {
    expect(refusal(`${H}.${P}.${S}AA`, codec)).toMatch(/base64url/);
    // {"sub":"ab"} is 12 bytes, 16 characters: one more makes a 4n+1 length, which no byte string has.
    const whole = b64json({ sub: 'ab' });
    expect(whole.length % 4).toBe(0);
    expect(refusal(`${H}.${whole}A.${S}`, codec)).toMatch(/payload is not canonical/);
  });

  it.each([[[1, 2]], [null], ['str'], [42], [true]])(
    'refuses a header or payload of %j',
    (value) => {
      expect(refusal(`${b64json(value)}.${P}.${S}`, codec)).toMatch(/header is not a JSON object/);
      expect(refusal(`${H}.${b64json(value)}.${S}`, codec)).toMatch(/payload is not a JSON object/);
    },
  );

  it('refuses invalid UTF-8 (bad bytes, overlong forms, lone surrogates) and invalid JSON', () => {
    const bytes = (...b: number[]) =>
      base64url.encode(new Uint8Array([0x7b, 0x22, ...b, 0x22, 0x3a, 0x31, 0x7d]));
    for (const bad of [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) {
      expect(refusal(`${H}.${bytes(...bad)}.${S}`, codec)).toMatch(/UTF-8 JSON/);
    }
    expect(
      refusal(`${H}.${base64url.encode(new TextEncoder().encode('{"a":'))}.${S}`, codec),
    ).toMatch(/UTF-8 JSON/);
  });

  it('decodes multi-byte UTF-8 claims exactly', () => {
    const claims = { name: 'Zoë 李 🔑', sub: 'a' };
    expect(parse(`${H}.${b64json(claims)}.${S}`, codec).payload).toEqual(claims);
  });

  it('never puts the token in the message', () => {
    expect(refusal(`${H}.${P}.${S}=`, codec)).not.toContain(S);
  });
});

describe('the two codecs', () => {
  it('agree on arbitrary text and on the UTF-8 of arbitrary bytes', () => {
    const char = fc.oneof(
      { arbitrary: fc.constantFrom(...'AQgwEIMUYcks048_-zZ9'), weight: 8 },
      { arbitrary: fc.constantFrom('=', '+', '/', ' ', '.', 'é', '\u0000'), weight: 1 },
    );
    fc.assert(
      fc.property(
        fc.array(char, { maxLength: 60 }),
        fc.uint8Array({ maxLength: 40 }),
        (chars, raw) => {
          const text = chars.join('');
          const portable = portableCodec.bytes(text);
          const node = nodeCodec.bytes(text);
          expect(node === undefined ? undefined : [...node]).toEqual(
            portable === undefined ? undefined : [...portable],
          );
          const decoded = (codec: SegmentCodec) => {
            try {
              return codec.utf8(codec.bytes(base64url.encode(raw)) as Uint8Array);
            } catch {
              return 'refused';
            }
          };
          expect(decoded(nodeCodec)).toBe(decoded(portableCodec));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('keep a leading UTF-8 BOM in the text alike, so JSON refuses it in both builds', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]);
    const segment = base64url.encode(bytes);
    for (const codec of [portableCodec, nodeCodec]) {
      expect(codec.utf8(codec.bytes(segment)!)).toBe('\uFEFF{}');
      expect(() => decodeJsonSegment(segment, 'payload', codec)).toThrow(/not UTF-8 JSON/);
    }
  });

  it('agree on every base64url text of up to 3 characters over a sample alphabet', () => {
    const alphabet = ['A', 'B', 'E', 'Q', 'g', 'w', '_', '-', '9', '=', '+', '/', ' ', 'é'];
    const texts = [''];
    for (let n = 0; n < 3; n++) {
      for (const text of texts.filter((t) => t.length === n)) {
        for (const c of alphabet) texts.push(text + c);
      }
    }
    for (const text of texts) {
      const portable = portableCodec.bytes(text);
      const node = nodeCodec.bytes(text);
      expect(node === undefined ? undefined : [...node], text).toEqual(
        portable === undefined ? undefined : [...portable],
      );
    }
  });
});
