import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

// A permissive crypto backend: it accepts every signature. What still refuses
// a wrongly sized signature is our own length check, done before any call
// into crypto (RFC 7518 §3.2, §3.4; RFC 8032 §5.1.7; RFC 8017 §8.1.2, §8.2.2),
// so it holds on runtimes whose node:crypto shim is laxer than OpenSSL.
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, verify: vi.fn(() => true), timingSafeEqual: vi.fn(() => true) };
});

const crypto = await import('node:crypto');
const { verifySignature } = await import('../../src/token/signature/node/verify.js');
type Algorithm = import('../../src/token/types.js').Algorithm;

const data = new TextEncoder().encode('header.payload');
const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;

const CASES: [Algorithm, import('node:crypto').KeyObject, number][] = [
  ['HS256', crypto.createSecretKey(randomBytes(32)), 32],
  ['HS384', crypto.createSecretKey(randomBytes(48)), 48],
  ['HS512', crypto.createSecretKey(randomBytes(64)), 64],
  ['EdDSA', crypto.generateKeyPairSync('ed25519').publicKey, 64],
  ['ES256', crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey, 64],
  ['ES384', crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey, 96],
  ['ES512', crypto.generateKeyPairSync('ec', { namedCurve: 'P-521' }).publicKey, 132],
  ['RS256', rsa, 256],
  ['PS256', rsa, 256],
];

describe('signature length is checked before crypto is called', () => {
  it.each(CASES)('%s refuses any other signature length', (alg, key, size) => {
    expect(verifySignature(alg, key, data, new Uint8Array(size))).toBe(true);
    vi.mocked(crypto.verify).mockClear();
    vi.mocked(crypto.timingSafeEqual).mockClear();
    for (const length of [0, 1, size - 1, size + 1, 2 * size, size + 8]) {
      expect(verifySignature(alg, key, data, new Uint8Array(length)), `${length}`).toBe(false);
    }
    expect(crypto.verify).not.toHaveBeenCalled();
    expect(crypto.timingSafeEqual).not.toHaveBeenCalled();
  });

  it('a key of the wrong kind is refused before crypto is called', () => {
    vi.mocked(crypto.verify).mockClear();
    const p384 = CASES[5]![1];
    expect(verifySignature('ES256', p384, data, new Uint8Array(64))).toBe(false);
    expect(verifySignature('RS256', CASES[4]![1], data, new Uint8Array(256))).toBe(false);
    expect(verifySignature('EdDSA', rsa, data, new Uint8Array(64))).toBe(false);
    expect(crypto.verify).not.toHaveBeenCalled();
  });
});
