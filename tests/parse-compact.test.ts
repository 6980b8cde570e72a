/**
 * The strict compact-JWS parser on its own. It is a seam: a later signature
 * backend (node:crypto) gets its bytes from here without jose re-parsing the
 * token, so its strictness must not lean on jose.
 */
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import { isAuthError } from '../src/index.js';
import { parseCompactJws } from '../src/lib/jws/parse-compact.js';
import { b64json } from './helpers/keys.js';

const H = b64json({ alg: 'HS256', kid: 'k', typ: 'at+jwt' });
const P = b64json({ sub: 'a' });
const S = base64url.encode(new Uint8Array(32).fill(1));

function refusal(token: string, maxBytes = 8192): string {
  try {
    parseCompactJws(token, maxBytes);
  } catch (err) {
    if (isAuthError(err, 'TOKEN_INVALID')) return err.message;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('parseCompactJws', () => {
  it('returns header, payload, signing input and signature bytes', () => {
    const parsed = parseCompactJws(`${H}.${P}.${S}`, 8192);
    expect(parsed.header).toEqual({ alg: 'HS256', kid: 'k', typ: 'at+jwt' });
    expect(parsed.payload).toEqual({ sub: 'a' });
    expect(parsed.signingText).toBe(`${H}.${P}`);
    expect(parsed.signature).toEqual(new Uint8Array(32).fill(1));
  });

  it('applies the size limit first, even to input that would not parse', () => {
    expect(refusal('!'.repeat(101), 100)).toMatch(/too large/);
    expect(refusal(`${H}.${P}.${S}`, H.length + P.length + S.length + 1)).toMatch(/too large/);
    expect(() =>
      parseCompactJws(`${H}.${P}.${S}`, H.length + P.length + S.length + 2),
    ).not.toThrow();
  });

  it.each([[`${H}.${P}`], [`${H}.${P}.${S}.${S}`], [`${H}.${P}.${S}.`], [`${H}`]])(
    'refuses anything but three segments: %s',
    (token) => {
      expect(refusal(token)).toMatch(/three segments/);
    },
  );

  it.each([
    [`${H}.${P}.`],
    [`${H}.${P}.${S}=`],
    [`${H}.${P}.${S} `],
    [`${H}.${P}.${S.replace(/.$/, '+')}`],
    [`${H}.${P}.${S.replace(/.$/, '/')}`],
    [`${H}.${P}.${S}\n`],
  ])('refuses characters outside the base64url alphabet, before decoding: %j', (token) => {
    expect(refusal(token)).toMatch(/not base64url/);
  });

  it('refuses non-canonical base64url (non-zero trailing bits)', () => {
    const noncanonical = `${S.slice(0, -1)}${S.at(-1) === 'E' ? 'F' : 'E'}`;
    expect(base64url.decode(noncanonical)).toEqual(base64url.decode(S));
    expect(refusal(`${H}.${P}.${noncanonical}`)).toMatch(/not canonical/);
  });

  it('refuses an impossible base64url length', () => {
    expect(refusal(`${H}.${P}.${S}AA`)).toMatch(/base64url/);
  });

  it.each([[[1, 2]], [null], ['str'], [42], [true]])(
    'refuses a header or payload of %j',
    (value) => {
      expect(refusal(`${b64json(value)}.${P}.${S}`)).toMatch(/header is not a JSON object/);
      expect(refusal(`${H}.${b64json(value)}.${S}`)).toMatch(/payload is not a JSON object/);
    },
  );

  it('refuses invalid UTF-8 and invalid JSON', () => {
    const bad = base64url.encode(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]));
    expect(refusal(`${H}.${bad}.${S}`)).toMatch(/UTF-8 JSON/);
    expect(refusal(`${H}.${base64url.encode(new TextEncoder().encode('{"a":'))}.${S}`)).toMatch(
      /UTF-8 JSON/,
    );
  });

  it('never puts the token in the message', () => {
    const token = `${H}.${P}.${S}=`;
    expect(refusal(token)).not.toContain(S);
  });
});
