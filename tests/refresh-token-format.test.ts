import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringsEqual } from '../src/core/constant-time.js';
import { subjectTag } from '../src/index.js';
import * as nodeCrypto from '../src/session/refresh-token/refresh-crypto.node.js';
import * as webCrypto from '../src/session/refresh-token/refresh-crypto.js';
import { digestSecret, secretMatches } from '../src/session/refresh-token/secret-digest.js';
import { createSuccessorDeriver } from '../src/session/refresh-token/successor.js';
import {
  firstToken,
  formatToken,
  generateSessionId,
  parseRefreshToken,
} from '../src/session/refresh-token/token-format.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SHAPE = /^[0-9a-f]{8}[A-Za-z0-9_-]{22}\.(0|[1-9][0-9]*)\.[A-Za-z0-9_-]{43}$/;

describe('refresh token format <sessionId>.<generation>.<secret>', () => {
  it('generated tokens parse back to the same parts', () => {
    for (let i = 0; i < 200; i += 1) {
      const token = firstToken(generateSessionId(`user-${i}`));
      expect(token.token).toMatch(SHAPE);
      expect(token.sessionId.slice(0, 8)).toBe(subjectTag(`user-${i}`));
      const parsed = parseRefreshToken(token.token);
      expect(parsed).toEqual(token);
      expect(token.generation).toBe(0);
      expect(token.secret).toHaveLength(32);
    }
  });

  it('every spelling is canonical: changing any one character never yields the same token', () => {
    fc.assert(
      fc.property(
        fc.nat(75),
        fc.constantFrom(...ALPHABET, '.', '=', '+', '/', ' ', '0', '9'),
        (position, replacement) => {
          const token = formatToken(generateSessionId('alice'), 12, new Uint8Array(32).fill(7));
          if (token.token[position] === replacement) return;
          const changed =
            token.token.slice(0, position) + replacement + token.token.slice(position + 1);
          const parsed = parseRefreshToken(changed);
          if (parsed === null) return;
          const same =
            parsed.sessionId === token.sessionId &&
            parsed.generation === token.generation &&
            Buffer.from(parsed.secret).equals(Buffer.from(token.secret));
          expect(same).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('generations: decimal, no leading zeros, at most 2^31', () => {
    const id = generateSessionId('alice');
    const secret = 'A'.repeat(43);
    expect(parseRefreshToken(`${id}.0.${secret}`)?.generation).toBe(0);
    expect(parseRefreshToken(`${id}.2147483648.${secret}`)?.generation).toBe(2 ** 31);
    for (const generation of [
      '2147483649',
      '9999999999',
      '00',
      '01',
      '-1',
      '+1',
      '1e3',
      '',
      ' 1',
      '0x1',
      '12345678901',
    ]) {
      expect(parseRefreshToken(`${id}.${generation}.${secret}`), generation).toBeNull();
    }
  });

  it('refuses the old id.secret tokens and every near miss', () => {
    const id = generateSessionId('alice');
    for (const value of [
      `${'A'.repeat(22)}.${'A'.repeat(43)}`,
      `${id.slice(8)}.0.${'A'.repeat(43)}`,
      `${id.toUpperCase().slice(0, 8)}${id.slice(8)}.0.${'A'.repeat(43)}`,
      `${id.slice(0, 29)}B.0.${'A'.repeat(43)}`,
      `${id}.0.${'A'.repeat(42)}B`,
      `${id}.0.${'A'.repeat(42)}`,
      `${id}.0.${'A'.repeat(43)}=`,
      `${id}.0.${'A'.repeat(43)}\n`,
      `${id}..${'A'.repeat(43)}`,
    ]) {
      expect(parseRefreshToken(value), value).toBeNull();
    }
  });

  it('arbitrary strings parse only when they have the exact shape', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 90 }), (value) => {
        const parsed = parseRefreshToken(value);
        if (parsed !== null) expect(value).toMatch(SHAPE);
      }),
    );
  });
});

describe('subjectTag', () => {
  it('is FNV-1a 32 over UTF-8, as 8 lowercase hex characters', () => {
    // The published FNV-1a 32-bit test vectors.
    expect(subjectTag('')).toBe('811c9dc5');
    expect(subjectTag('a')).toBe('e40c292c');
    expect(subjectTag('foobar')).toBe('bf9cf968');
    // UTF-8, not UTF-16 code units: 'é' is the two bytes c3 a9.
    expect(subjectTag('é')).toBe(subjectTagOfBytes([0xc3, 0xa9]));
  });
});

function subjectTagOfBytes(bytes: number[]): string {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

describe('successors', () => {
  it('HMAC-SHA-256(rotationKey, whole token) is the next secret, same session, generation + 1', async () => {
    const key = new Uint8Array(32).fill(9);
    const parent = firstToken(generateSessionId('alice'));
    const next = await createSuccessorDeriver(key)(parent);
    const expected = createHmac('sha256', key).update(parent.token).digest();
    expect(next).toEqual(formatToken(parent.sessionId, 1, new Uint8Array(expected)));
  });
});

describe('refresh crypto: the Web Crypto module and its node:crypto twin agree', () => {
  it('SHA-256 (base64url) and HMAC-SHA-256 give the same results as node:crypto', async () => {
    const key = crypto.getRandomValues(new Uint8Array(32));
    const web = webCrypto.createHmacSha256(key);
    const node = nodeCrypto.createHmacSha256(key);
    for (let i = 0; i < 50; i += 1) {
      const data = crypto.getRandomValues(new Uint8Array(i * 7));
      const shaText = createHash('sha256').update(data).digest('base64url');
      expect(await webCrypto.sha256Base64url(data)).toBe(shaText);
      expect(await nodeCrypto.sha256Base64url(data)).toBe(shaText);
      expect(await web(data)).toEqual(await node(data));
      const text = `token-${i}-é`;
      expect(await web(text)).toEqual(await node(text));
      expect(await node(text)).toEqual(await node(new TextEncoder().encode(text)));
    }
  });
});

describe('secret digests', () => {
  it('stringsEqual compares every character', () => {
    const a = 'A'.repeat(43);
    for (let i = 0; i < 43; i += 1) {
      expect(stringsEqual(a, `${a.slice(0, i)}B${a.slice(i + 1)}`)).toBe(false);
    }
    expect(stringsEqual(a, 'A'.repeat(43))).toBe(true);
    expect(stringsEqual(a, a.slice(0, 42))).toBe(false);
  });

  it('secretMatches accepts only the secret whose SHA-256 was stored', async () => {
    const { secret } = firstToken(generateSessionId('alice'));
    const stored = await digestSecret(secret);
    expect(stored).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await secretMatches(secret, stored)).toBe(true);
    expect(await secretMatches(firstToken(generateSessionId('a')).secret, stored)).toBe(false);
    expect(await secretMatches(secret, 'not base64url!')).toBe(false);
  });
});
