import { createSecretKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JwsAlgorithm } from '../../src/token/signature/node/algorithms.js';
import {
  importSigningKey,
  importVerifyKey,
  type KeyInput,
} from '../../src/token/signature/node/import-key.js';
import { createSignature } from '../../src/token/signature/node/sign.js';
import { verifySignature } from '../../src/token/signature/node/verify.js';
import { generateRestrictedPssKey } from './keys.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const p521 = generateKeyPairSync('ec', { namedCurve: 'P-521' });
const ed25519 = generateKeyPairSync('ed25519');
const data = new TextEncoder().encode('header.payload');

const ASYMMETRIC: [JwsAlgorithm, { privateKey: KeyObject; publicKey: KeyObject }][] = [
  ['EdDSA', ed25519],
  ['ES256', p256],
  ['ES384', p384],
  ['ES512', p521],
  ['RS256', rsa],
  ['PS512', rsa],
];

function refused(fn: () => unknown, pattern: RegExp = /./): void {
  expect(fn).toThrow(TypeError);
  expect(fn).toThrow(/^tokenwarden: /);
  expect(fn).toThrow(pattern);
}

describe('importing asymmetric keys', () => {
  it.each(ASYMMETRIC)('%s accepts a KeyObject, a JWK and PEM, private or public', (alg, pair) => {
    const publicJwk = pair.publicKey.export({ format: 'jwk' });
    const privateJwk = pair.privateKey.export({ format: 'jwk' });
    const publicPem = pair.publicKey.export({ format: 'pem', type: 'spki' }) as string;
    const privatePem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    const signers = [pair.privateKey, privateJwk, privatePem].map((k) => importSigningKey(alg, k));
    const verifiers = [
      pair.publicKey,
      publicJwk,
      publicPem,
      privateJwk,
      privatePem,
      pair.privateKey,
    ].map((k) => importVerifyKey(alg, k));
    for (const v of verifiers) expect(v.type).toBe('public');
    for (const s of signers) {
      const signature = createSignature(alg, s, data);
      for (const v of verifiers) expect(verifySignature(alg, v, data, signature)).toBe(true);
    }
    refused(() => importSigningKey(alg, publicJwk));
    refused(() => importSigningKey(alg, pair.publicKey));
    refused(() => importSigningKey(alg, publicPem));
  });

  it('binds a JWK to its own alg, use and key_ops (RFC 7517 §4.2-4.4)', () => {
    const jwk = p256.publicKey.export({ format: 'jwk' });
    expect(
      importVerifyKey('ES256', { ...jwk, alg: 'ES256', use: 'sig', key_ops: ['verify'] }).type,
    ).toBe('public');
    refused(() => importVerifyKey('ES256', { ...jwk, alg: 'ES384' }), /alg/);
    refused(() => importVerifyKey('ES256', { ...jwk, use: 'enc' }), /use/);
    refused(() => importVerifyKey('ES256', { ...jwk, key_ops: ['sign'] }), /key_ops/);
    const privateJwk = p256.privateKey.export({ format: 'jwk' });
    refused(() => importSigningKey('ES256', { ...privateJwk, key_ops: ['verify'] }), /key_ops/);
  });

  it('refuses a key of another family or curve', () => {
    refused(() => importVerifyKey('ES256', p384.publicKey), /secp384r1/);
    refused(() => importVerifyKey('ES384', p256.publicKey));
    refused(() => importVerifyKey('ES512', p384.publicKey));
    refused(() => importVerifyKey('EdDSA', p256.publicKey));
    refused(() => importVerifyKey('RS256', p256.publicKey));
    refused(() => importVerifyKey('ES256', ed25519.publicKey));
    refused(() => importVerifyKey('EdDSA', generateKeyPairSync('ed448').publicKey));
    refused(() =>
      importVerifyKey('ES256', generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey),
    );
    refused(() => importVerifyKey('RS256', createSecretKey(randomBytes(32))));
    refused(() => importVerifyKey('HS256', rsa.publicKey));
  });

  it('refuses an RSA modulus under 2048 bits, for PKCS#1 v1.5 and PSS', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    refused(() => importVerifyKey('RS256', small.publicKey), /2048/);
    refused(() => importSigningKey('PS256', small.privateKey), /2048/);
    const justUnder = generateKeyPairSync('rsa', { modulusLength: 2040 });
    refused(() => importVerifyKey('RS256', justUnder.publicKey), /2048/);
  });

  it('accepts an rsa-pss key only for PS* and only when its restrictions allow the alg', () => {
    const pss = generateRestrictedPssKey();
    expect(importVerifyKey('PS256', pss.publicKey).asymmetricKeyType).toBe('rsa-pss');
    refused(() => importVerifyKey('RS256', pss.publicKey));
    refused(() => importVerifyKey('PS384', pss.publicKey), /RSASSA-PSS/);
    const unrestricted = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
    expect(importSigningKey('PS512', unrestricted.privateKey).type).toBe('private');
  });

  it('refuses malformed key material without quoting it', () => {
    const pemLike = '-----BEGIN PUBLIC KEY-----\nc2VjcmV0LW1hdGVyaWFs\n-----END PUBLIC KEY-----';
    for (const input of [pemLike, 'not a key', { kty: 'EC', crv: 'P-256', x: 'c2VjcmV0' }]) {
      let message = '';
      try {
        importVerifyKey('ES256', input as KeyInput);
      } catch (err) {
        expect(err).toBeInstanceOf(TypeError);
        message = (err as Error).message;
      }
      expect(message).toMatch(/^tokenwarden: /);
      expect(message).not.toContain('c2VjcmV0');
      expect(message).not.toContain('not a key');
    }
    refused(() => importVerifyKey('RS256', new Uint8Array(256)), /only accepted for HMAC/);
    refused(() => importVerifyKey('RS256', 42 as unknown as KeyInput));
    refused(() => importVerifyKey('RS256', null as unknown as KeyInput));
  });

  it('refuses an unknown algorithm', () => {
    for (const alg of ['none', 'RS1', '__proto__', 'constructor']) {
      refused(() => importVerifyKey(alg as JwsAlgorithm, rsa.publicKey), /unsupported/);
    }
  });
});

describe('importing HMAC secrets (RFC 7518 §3.2)', () => {
  it.each([
    ['HS256', 32],
    ['HS384', 48],
    ['HS512', 64],
  ] as const)('%s needs at least %i bytes', (alg, size) => {
    const secret = randomBytes(size);
    const key = importVerifyKey(alg, secret);
    expect(key.type).toBe('secret');
    expect(importVerifyKey(alg, randomBytes(size + 1)).symmetricKeySize).toBe(size + 1);
    refused(
      () => importVerifyKey(alg, randomBytes(size - 1)),
      new RegExp(`at least ${size} bytes`),
    );
    refused(() => importSigningKey(alg, new Uint8Array()), /at least/);
    const jwk = { kty: 'oct', k: secret.toString('base64url'), alg };
    const fromJwk = importSigningKey(alg, jwk);
    const tag = createSignature(alg, fromJwk, data);
    expect(verifySignature(alg, key, data, tag)).toBe(true);
  });

  it('refuses strings, non-oct JWKs, malformed k and asymmetric KeyObjects', () => {
    refused(() => importVerifyKey('HS256', 'a-string-secret-that-is-long-enough-32b'), /bytes/);
    refused(() => importVerifyKey('HS256', { kty: 'RSA', k: 'AAAA' }), /oct/);
    refused(() => importVerifyKey('HS256', { kty: 'oct', k: 'not base64url!'.repeat(4) }), /oct/);
    refused(() => importVerifyKey('HS256', { kty: 'oct' }), /oct/);
    refused(
      () =>
        importVerifyKey('HS256', {
          kty: 'oct',
          k: randomBytes(32).toString('base64url'),
          alg: 'HS512',
        }),
      /alg/,
    );
    refused(() => importVerifyKey('HS256', p256.privateKey));
  });

  it('checks the length of a secret KeyObject too', () => {
    refused(() => importVerifyKey('HS256', createSecretKey(randomBytes(16))), /at least 32/);
    expect(importSigningKey('HS256', createSecretKey(randomBytes(32))).type).toBe('secret');
  });
});
