import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { JWS_ALGORITHMS, type JwsAlgorithm } from '../../src/token/signature/node/algorithms.js';
import { importSigningKey, importVerifyKey } from '../../src/token/signature/node/import-key.js';

export interface KeyPair {
  signing: KeyObject;
  verify: KeyObject;
}

export const ALL_ALGS: readonly JwsAlgorithm[] = JWS_ALGORITHMS;

const HMAC_BYTES: Partial<Record<JwsAlgorithm, number>> = { HS256: 32, HS384: 48, HS512: 64 };
const CURVES: Partial<Record<JwsAlgorithm, string>> = {
  ES256: 'P-256',
  ES384: 'P-384',
  ES512: 'P-521',
};

/** Raw generated material per alg; RSA is generated once and shared, since it is slow. */
export function generateMaterial(): (alg: JwsAlgorithm) => {
  privateKey: KeyObject;
  publicKey: KeyObject;
} {
  let rsa: { privateKey: KeyObject; publicKey: KeyObject } | undefined;
  return (alg) => {
    const hmac = HMAC_BYTES[alg];
    if (hmac) {
      const secret = importVerifyKey(alg, randomBytes(hmac));
      return { privateKey: secret, publicKey: secret };
    }
    const curve = CURVES[alg];
    if (curve) return generateKeyPairSync('ec', { namedCurve: curve });
    if (alg === 'EdDSA') return generateKeyPairSync('ed25519');
    rsa ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
    return rsa;
  };
}

/** One imported key pair per alg, plus a second, unrelated pair for wrong-key tests. */
export function keyPairs(): { own: Map<JwsAlgorithm, KeyPair>; other: Map<JwsAlgorithm, KeyPair> } {
  const own = new Map<JwsAlgorithm, KeyPair>();
  const other = new Map<JwsAlgorithm, KeyPair>();
  for (const [target, material] of [
    [own, generateMaterial()],
    [other, generateMaterial()],
  ] as const) {
    for (const alg of ALL_ALGS) {
      const { privateKey, publicKey } = material(alg);
      target.set(alg, {
        signing: importSigningKey(alg, privateKey),
        verify: importVerifyKey(alg, publicKey),
      });
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
