/**
 * `verifyWebSignature`, the default build's signature check on Web Crypto,
 * with the `CryptoKey`s the key set imports. Signatures are made by the
 * `node:crypto` signer from the same key set's material (the JWS formats are
 * the same), so each side is checked against the other as well.
 */
import { type KeyObject, sign } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeySet } from '../src/index.js';
import { canonicalAlgorithm } from '../src/token/keys/algorithms.js';
import { keySetInternals } from '../src/token/keys/key-set.js';
import type { ResolvedKey } from '../src/token/keys/resolved-key.js';
import { toKeyObjects } from '../src/token/signature/node/key-objects.js';
import { createSignature } from '../src/token/signature/node/sign.js';
import { verifyWebSignature } from '../src/token/signature/web/verify.js';
import type { Algorithm } from '../src/token/types.js';
import { ALL_ALGS, generateInputs } from './node-signature/keys.js';

interface LiveKey {
  readonly key: ResolvedKey;
  sign(data: Uint8Array): Uint8Array;
}

async function liveKeys(): Promise<Map<Algorithm, LiveKey>> {
  const inputs = generateInputs();
  const keys = new Map<Algorithm, LiveKey>();
  for (const alg of ALL_ALGS) {
    const [key] = keySetInternals(await createKeySet(inputs(alg))).keys;
    if (key === undefined) throw new Error(`no ${alg} key`);
    const { sign } = toKeyObjects(key);
    if (sign === undefined) throw new Error(`no ${alg} signing key`);
    keys.set(alg, { key, sign: (data) => createSignature(alg, sign, data) });
  }
  return keys;
}

const own = await liveKeys();
const other = await liveKeys();
const live = (alg: Algorithm) => own.get(alg) as LiveKey;
const data = new TextEncoder().encode('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9');

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  copy[bit >> 3] = (copy[bit >> 3] as number) ^ (1 << (bit & 7));
  return copy;
}

describe.each(ALL_ALGS)('%s on Web Crypto', (alg) => {
  const { key, sign } = live(alg);
  const signature = sign(data);
  const verify = (d: Uint8Array, s: Uint8Array) => verifyWebSignature(alg, key.verifyKey, d, s);

  it("verifies the node signer's signature under the key set's CryptoKey", async () => {
    await expect(verify(data, signature)).resolves.toBe(true);
  });

  it('rejects a flipped bit anywhere in the signature or the data', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: signature.byteLength * 8 - 1 }), async (bit) => {
        expect(await verify(data, flipBit(signature, bit))).toBe(false);
      }),
      { numRuns: 20 },
    );
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: data.byteLength * 8 - 1 }), async (bit) => {
        expect(await verify(flipBit(data, bit), signature)).toBe(false);
      }),
      { numRuns: 20 },
    );
  });

  it('rejects the signature under another key of the same algorithm', async () => {
    const another = (other.get(alg) as LiveKey).key.verifyKey;
    await expect(verifyWebSignature(alg, another, data, signature)).resolves.toBe(false);
  });

  it('rejects a signature one byte too long or too short, or empty, without rejecting', async () => {
    for (const bytes of [
      new Uint8Array([...signature, 0]),
      new Uint8Array([0, ...signature]),
      signature.subarray(1),
      signature.subarray(0, -1),
      new Uint8Array(),
    ]) {
      await expect(verify(data, bytes)).resolves.toBe(false);
    }
  });

  it('never rejects, and refuses arbitrary signature bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc.uint8Array({ minLength: signature.length, maxLength: signature.length }),
        ),
        async (bytes) => {
          expect(await verify(data, bytes)).toBe(false);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('is refused under every other algorithm with the same key (no algorithm confusion)', async () => {
    for (const otherAlg of ALL_ALGS) {
      // RFC 9864 §2.2: EdDSA and Ed25519 name one scheme on an Ed25519 key.
      if (canonicalAlgorithm(otherAlg) === canonicalAlgorithm(alg)) continue;
      const answer = await verifyWebSignature(otherAlg, key.verifyKey, data, signature);
      expect(answer, otherAlg).toBe(false);
    }
  });
});

describe('a signature has one length', () => {
  it('an RSA signature without its leading zero byte is refused (Web Crypto on Node reads it as the same number)', async () => {
    for (const alg of ['RS256', 'PS256'] as const) {
      const { key, sign } = live(alg);
      // Signatures are numbers below the modulus: about 1 in 256 starts with a zero byte.
      let data: Uint8Array = new Uint8Array();
      let signature: Uint8Array = new Uint8Array();
      for (let n = 0; n < 5000 && signature[0] !== 0; n++) {
        data = new TextEncoder().encode(`message ${n}`);
        signature = sign(data);
      }
      expect(signature[0], `${alg}: no signature with a leading zero in 5000 tries`).toBe(0);
      await expect(verifyWebSignature(alg, key.verifyKey, data, signature)).resolves.toBe(true);
      const shortened = signature.subarray(1);
      await expect(verifyWebSignature(alg, key.verifyKey, data, shortened)).resolves.toBe(false);
    }
  });
});

describe('the key binding is checked on every call', () => {
  it('a key of the right family with another curve or hash is refused, even with a valid signature', async () => {
    // Web Crypto itself would run ECDSA with SHA-256 on a P-384 key: a
    // genuine SHA-256 signature by that key must still not pass as ES256.
    const es384 = live('ES384').key;
    const p384 = toKeyObjects(es384).sign as KeyObject;
    const sha256OnP384 = sign('sha256', data, { key: p384, dsaEncoding: 'ieee-p1363' });
    const asEcdsa = { name: 'ECDSA', hash: 'SHA-256' };
    expect(await crypto.subtle.verify(asEcdsa, es384.verifyKey, sha256OnP384, data)).toBe(true);
    await expect(verifyWebSignature('ES256', es384.verifyKey, data, sha256OnP384)).resolves.toBe(
      false,
    );
    // An HMAC or RSA CryptoKey is bound to one hash at import.
    const hs384 = live('HS384');
    await expect(
      verifyWebSignature('HS256', hs384.key.verifyKey, data, hs384.sign(data).subarray(0, 32)),
    ).resolves.toBe(false);
    const rs384 = live('RS384');
    await expect(
      verifyWebSignature('RS256', rs384.key.verifyKey, data, rs384.sign(data)),
    ).resolves.toBe(false);
  });

  it('a private key, which may only sign, is refused for verification', async () => {
    for (const alg of ['ES256', 'EdDSA', 'RS256', 'PS256'] as const) {
      const { key, sign } = live(alg);
      expect(key.signKey?.usages).not.toContain('verify');
      const answer = await verifyWebSignature(alg, key.signKey as CryptoKey, data, sign(data));
      expect(answer, alg).toBe(false);
    }
  });

  it('unknown or prototype-named algorithms are false', async () => {
    const { key, sign } = live('HS256');
    for (const alg of ['none', 'HS1', 'hs256', '__proto__', 'constructor', 'toString', '']) {
      const answer = await verifyWebSignature(alg as Algorithm, key.verifyKey, data, sign(data));
      expect(answer, alg).toBe(false);
    }
  });
});
