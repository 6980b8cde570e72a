import { constants, sign } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Algorithm } from '../../src/token/types.js';
import { canonicalAlgorithm } from '../../src/token/keys/algorithms.js';
import { createSignature } from '../../src/token/signature/node/sign.js';
import { verifySignature } from '../../src/token/signature/node/verify.js';
import { ALL_ALGS, generateRestrictedPssKey, keyPairs } from './keys.js';

const { own, other } = await keyPairs();
const pair = (alg: Algorithm) => own.get(alg)!;
const data = new TextEncoder().encode('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9');

const SIGNATURE_BYTES: Record<Algorithm, number> = {
  EdDSA: 64,
  Ed25519: 64,
  ES256: 64,
  ES384: 96,
  ES512: 132,
  PS256: 256,
  PS384: 256,
  PS512: 256,
  RS256: 256,
  RS384: 256,
  RS512: 256,
  HS256: 32,
  HS384: 48,
  HS512: 64,
};

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
}

describe.each(ALL_ALGS)('%s on node:crypto', (alg) => {
  const { signing, verify } = pair(alg);
  const signature = createSignature(alg, signing, data);

  it('signs with the JWS signature size and verifies its own signature', () => {
    expect(signature).toBeInstanceOf(Uint8Array);
    expect(signature.byteLength).toBe(SIGNATURE_BYTES[alg]);
    expect(verifySignature(alg, verify, data, signature)).toBe(true);
  });

  it('rejects a flipped bit anywhere in the signature or the data', () => {
    fc.assert(
      fc.property(fc.nat({ max: signature.byteLength * 8 - 1 }), (bit) => {
        expect(verifySignature(alg, verify, data, flipBit(signature, bit))).toBe(false);
      }),
      { numRuns: 40 },
    );
    fc.assert(
      fc.property(fc.nat({ max: data.byteLength * 8 - 1 }), (bit) => {
        expect(verifySignature(alg, verify, flipBit(data, bit), signature)).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('rejects the signature under another key of the same algorithm', () => {
    expect(verifySignature(alg, other.get(alg)!.verify, data, signature)).toBe(false);
  });

  it('rejects a signature one byte too long or too short', () => {
    const longer = new Uint8Array([...signature, 0]);
    const leadingZero = new Uint8Array([0, ...signature]);
    expect(verifySignature(alg, verify, data, longer)).toBe(false);
    expect(verifySignature(alg, verify, data, leadingZero)).toBe(false);
    expect(verifySignature(alg, verify, data, signature.subarray(1))).toBe(false);
    expect(verifySignature(alg, verify, data, signature.subarray(0, -1))).toBe(false);
    expect(verifySignature(alg, verify, data, new Uint8Array())).toBe(false);
  });

  it('never throws and rejects arbitrary signature bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.uint8Array({ minLength: SIGNATURE_BYTES[alg], maxLength: SIGNATURE_BYTES[alg] }),
        ),
        (bytes) => {
          expect(verifySignature(alg, verify, data, bytes)).toBe(false);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('is rejected under every other algorithm with the same key (no algorithm confusion)', () => {
    for (const otherAlg of ALL_ALGS) {
      // RFC 9864 §2.2: EdDSA and Ed25519 name one scheme on an Ed25519 key.
      if (canonicalAlgorithm(otherAlg) === canonicalAlgorithm(alg)) continue;
      expect(verifySignature(otherAlg, verify, data, signature), otherAlg).toBe(false);
    }
  });
});

describe('algorithm confusion and unknown algorithms', () => {
  it('HS256 keyed with a public key is false, not an HMAC over the key bytes', () => {
    const rsaPublic = pair('RS256').verify;
    expect(verifySignature('HS256', rsaPublic, data, new Uint8Array(32))).toBe(false);
    expect(verifySignature('HS256', pair('ES256').verify, data, new Uint8Array(32))).toBe(false);
  });

  it('an ES256 signature does not verify as ES256 under a P-384 key, nor RS256 as PS256', () => {
    const es256 = createSignature('ES256', pair('ES256').signing, data);
    expect(verifySignature('ES256', pair('ES384').verify, data, es256)).toBe(false);
    const rs256 = createSignature('RS256', pair('RS256').signing, data);
    expect(verifySignature('PS256', pair('PS256').verify, data, rs256)).toBe(false);
    const ps256 = createSignature('PS256', pair('PS256').signing, data);
    expect(verifySignature('RS256', pair('RS256').verify, data, ps256)).toBe(false);
    const rs384 = createSignature('RS384', pair('RS384').signing, data);
    expect(verifySignature('RS256', pair('RS256').verify, data, rs384)).toBe(false);
  });

  it('unknown or prototype-named algorithms are false', () => {
    const { verify } = pair('HS256');
    for (const alg of ['none', 'HS1', 'hs256', '__proto__', 'constructor', 'toString', '']) {
      expect(verifySignature(alg as Algorithm, verify, data, new Uint8Array(32))).toBe(false);
      expect(() => createSignature(alg as Algorithm, pair('HS256').signing, data)).toThrow(
        /^tokenwarden: /,
      );
    }
  });

  it('a private key passed to verify, or a public key passed to sign, is refused', () => {
    expect(verifySignature('ES256', pair('ES256').signing, data, new Uint8Array(64))).toBe(false);
    expect(() => createSignature('ES256', pair('ES256').verify, data)).toThrow(TypeError);
    expect(() => createSignature('RS256', pair('HS256').signing, data)).toThrow(TypeError);
  });
});

describe('ECDSA encoding (RFC 7518 §3.4)', () => {
  it.each(['ES256', 'ES384', 'ES512'] as const)(
    '%s rejects the DER form and zero-padded R‖S',
    (alg) => {
      const { signing, verify } = pair(alg);
      const hash = { ES256: 'sha256', ES384: 'sha384', ES512: 'sha512' }[alg];
      const der = new Uint8Array(sign(hash, data, { key: signing, dsaEncoding: 'der' }));
      expect(verifySignature(alg, verify, data, der)).toBe(false);
      const p1363 = createSignature(alg, signing, data);
      const half = p1363.byteLength / 2;
      const padded = new Uint8Array([0, ...p1363.subarray(0, half), 0, ...p1363.subarray(half)]);
      expect(verifySignature(alg, verify, data, padded)).toBe(false);
      expect(verifySignature(alg, verify, data, p1363)).toBe(true);
    },
  );
});

describe('RSASSA-PSS salt length (RFC 7518 §3.5)', () => {
  it.each([
    ['PS256', 'sha256', 32],
    ['PS384', 'sha384', 48],
    ['PS512', 'sha512', 64],
  ] as const)('%s accepts only a salt as long as the hash', (alg, hash, saltLength) => {
    const { signing, verify } = pair(alg);
    const withSalt = (salt: number) =>
      new Uint8Array(
        sign(hash, data, {
          key: signing,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: salt,
        }),
      );
    expect(verifySignature(alg, verify, data, withSalt(saltLength))).toBe(true);
    for (const salt of [
      0,
      20,
      saltLength - 1,
      saltLength + 1,
      constants.RSA_PSS_SALTLEN_MAX_SIGN,
    ]) {
      expect(verifySignature(alg, verify, data, withSalt(salt)), `salt ${salt}`).toBe(false);
    }
  });

  it('works with an rsa-pss typed key restricted to the same parameters', () => {
    const { privateKey, publicKey } = generateRestrictedPssKey();
    const signature = createSignature('PS256', privateKey, data);
    expect(verifySignature('PS256', publicKey, data, signature)).toBe(true);
    expect(verifySignature('PS256', pair('PS256').verify, data, signature)).toBe(false);
  });

  it('a restricted rsa-pss key used with another hash is false or a TypeError, never an OpenSSL error', () => {
    const { privateKey, publicKey } = generateRestrictedPssKey();
    expect(verifySignature('PS384', publicKey, data, new Uint8Array(256))).toBe(false);
    expect(() => createSignature('PS384', privateKey, data)).toThrow(/^tokenwarden: /);
    expect(() => createSignature('PS384', privateKey, data)).toThrow(TypeError);
  });
});

describe('HMAC tags', () => {
  it.each(['HS256', 'HS384', 'HS512'] as const)('%s accepts only the full-length tag', (alg) => {
    const { signing, verify } = pair(alg);
    const tag = createSignature(alg, signing, data);
    expect(verifySignature(alg, verify, data, tag)).toBe(true);
    for (const length of [0, 1, 16, tag.byteLength / 2, tag.byteLength - 1]) {
      expect(verifySignature(alg, verify, data, tag.subarray(0, length)), `${length}`).toBe(false);
    }
  });
});
