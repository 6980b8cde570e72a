import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { createKeySet, type KeyInput } from '../../src/index.js';
import { SUPPORTED_ALGORITHMS } from '../../src/token/keys/algorithms.js';
import { keySetInternals } from '../../src/token/keys/key-set.js';
import { type KeyObjects, toKeyObjects } from '../../src/token/signature/node/key-objects.js';
import type { Algorithm } from '../../src/token/types.js';

export interface KeyPair {
  signing: KeyObject;
  verify: KeyObject;
}

export const ALL_ALGS: readonly Algorithm[] = SUPPORTED_ALGORITHMS;

const HMAC_BYTES: Partial<Record<Algorithm, number>> = { HS256: 32, HS384: 48, HS512: 64 };
const CURVES: Partial<Record<Algorithm, string>> = {
  ES256: 'P-256',
  ES384: 'P-384',
  ES512: 'P-521',
};

/**
 * The node backend's `KeyObject`s for one configured key, the way the library
 * makes them: imported and checked by `createKeySet`, then built from the
 * key set's material.
 */
export async function liveKeyObjects(input: KeyInput): Promise<KeyObjects> {
  const [key] = keySetInternals(await createKeySet(input)).keys;
  return toKeyObjects(key!);
}

/** A key input per alg (a private JWK or a secret); RSA is generated once and shared, since it is slow. */
export function generateInputs(): (alg: Algorithm) => KeyInput {
  let rsa: KeyObject | undefined;
  return (alg) => {
    const hmac = HMAC_BYTES[alg];
    if (hmac) return { alg, secret: randomBytes(hmac) } as KeyInput;
    const curve = CURVES[alg];
    let privateKey: KeyObject;
    if (curve) privateKey = generateKeyPairSync('ec', { namedCurve: curve }).privateKey;
    else if (alg === 'EdDSA' || alg === 'Ed25519') {
      privateKey = generateKeyPairSync('ed25519').privateKey;
    } else privateKey = rsa ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    return { alg, jwk: privateKey.export({ format: 'jwk' }) } as KeyInput;
  };
}

/** One live key pair per alg, plus a second, unrelated pair for wrong-key tests. */
export async function keyPairs(): Promise<{
  own: Map<Algorithm, KeyPair>;
  other: Map<Algorithm, KeyPair>;
}> {
  const own = new Map<Algorithm, KeyPair>();
  const other = new Map<Algorithm, KeyPair>();
  for (const [target, inputs] of [
    [own, generateInputs()],
    [other, generateInputs()],
  ] as const) {
    for (const alg of ALL_ALGS) {
      const { sign, verify } = await liveKeyObjects(inputs(alg));
      target.set(alg, { signing: sign!, verify });
    }
  }
  return { own, other };
}

/**
 * An rsa-pss key restricted to SHA-256 / MGF1-SHA-256 / 32-byte salt.
 * `@types/node` 20 types `saltLength` as a string, though Node takes a number.
 */
export function generateRestrictedPssKey(): { privateKey: KeyObject; publicKey: KeyObject } {
  const options = {
    modulusLength: 2048,
    hashAlgorithm: 'sha256',
    mgf1HashAlgorithm: 'sha256',
    saltLength: 32 as unknown as string,
  };
  return generateKeyPairSync('rsa-pss', options);
}
