import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesEqual } from '../src/core/constant-time.js';
import { digestSecret, secretMatches } from '../src/session/refresh-token/secret-digest.js';
import {
  generateRefreshToken,
  parseRefreshToken,
} from '../src/session/refresh-token/token-format.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('refresh token format', () => {
  it('generated tokens parse back to the same id and secret', () => {
    for (let i = 0; i < 200; i += 1) {
      const token = generateRefreshToken();
      const parsed = parseRefreshToken(token.token);
      expect(parsed?.id).toBe(token.id);
      expect(parsed?.secret).toEqual(token.secret);
      expect(token.secret).toHaveLength(32);
    }
  });

  it('every spelling is canonical: changing any one character never yields the same bytes', () => {
    fc.assert(
      fc.property(
        fc.nat(65),
        fc.constantFrom(...ALPHABET, '.', '=', '+', '/', ' '),
        (position, replacement) => {
          const token = generateRefreshToken();
          if (token.token[position] === replacement) return;
          const changed =
            token.token.slice(0, position) + replacement + token.token.slice(position + 1);
          const parsed = parseRefreshToken(changed);
          if (parsed === null) return;
          const sameId = parsed.id === token.id;
          const sameSecret = bytesEqual(parsed.secret, token.secret);
          expect(sameId && sameSecret).toBe(false);
          expect(sameId || sameSecret).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('arbitrary strings parse only when they have the exact shape', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (value) => {
        const parsed = parseRefreshToken(value);
        if (parsed !== null) expect(value).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
      }),
    );
  });
});

describe('secret digests', () => {
  it('bytesEqual compares every byte', () => {
    const a = new Uint8Array(32).fill(7);
    for (let i = 0; i < 32; i += 1) {
      const b = a.slice();
      b[i] = 8;
      expect(bytesEqual(a, b)).toBe(false);
    }
    expect(bytesEqual(a, a.slice())).toBe(true);
    expect(bytesEqual(a, a.slice(0, 31))).toBe(false);
  });

  it('secretMatches accepts only the secret whose SHA-256 was stored', async () => {
    const { secret } = generateRefreshToken();
    const stored = await digestSecret(secret);
    expect(stored).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await secretMatches(secret, stored)).toBe(true);
    expect(await secretMatches(generateRefreshToken().secret, stored)).toBe(false);
    expect(await secretMatches(secret, 'not base64url!')).toBe(false);
  });
});
