/**
 * Project Wycheproof's signature and MAC vectors on both signature paths the
 * library owns: `node:crypto` (the `node` build) and Web Crypto (the default
 * build, every runtime). Keys go through the live path: the key set imports
 * and checks them, then each backend takes them in its own form.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createKeySet, type KeyInput } from '../../src/index.js';
import { keySetInternals } from '../../src/token/keys/key-set.js';
import { verifySignature } from '../../src/token/signature/node/verify.js';
import { verifyWebSignature } from '../../src/token/signature/web/verify.js';
import type { Algorithm } from '../../src/token/types.js';
import { liveKeyObjects } from '../node-signature/keys.js';
import {
  hex,
  loadWycheproof,
  type WycheproofFile,
  type WycheproofGroup,
  type WycheproofTest,
} from './wycheproof.js';

interface Counts {
  path: string;
  file: string;
  alg: Algorithm;
  checked: number;
  validAccepted: number;
  invalidRejected: number;
  acceptable: string;
  truncatedTagRejected: number;
  refusedKeyVectors: number;
}

const summary: Counts[] = [];

afterAll(() => {
  console.log('Wycheproof vectors on both signature paths');
  console.table(summary);
});

/** A check of a message's signature under one configured key. */
type Check = (message: Uint8Array, signature: Uint8Array) => boolean | Promise<boolean>;

/** A signature path: from a key input (imported by the key set), its check. */
interface SignaturePath {
  readonly name: string;
  checkOf(input: KeyInput): Promise<Check>;
}

const PATHS: readonly SignaturePath[] = [
  {
    name: 'node:crypto',
    async checkOf(input) {
      // The node backend builds its KeyObject from the key set's material.
      const key = (await liveKeyObjects(input)).verify;
      return (message, signature) => verifySignature(input.alg, key, message, signature);
    },
  },
  {
    name: 'Web Crypto',
    async checkOf(input) {
      // The default backend verifies with the CryptoKey the key set imported.
      const [key] = keySetInternals(await createKeySet(input)).keys;
      if (key === undefined) throw new Error('the key set has no key');
      return (message, signature) =>
        verifyWebSignature(key.alg, key.verifyKey, message, signature);
    },
  },
];

const pathCases = PATHS.map((path) => [path.name, path] as const);

const SIGNATURE_FILES: [string, Algorithm][] = [
  ['ecdsa_secp256r1_sha256_p1363_test.json', 'ES256'],
  ['ecdsa_secp384r1_sha384_p1363_test.json', 'ES384'],
  ['ecdsa_secp521r1_sha512_p1363_test.json', 'ES512'],
  ['ed25519_test.json', 'EdDSA'],
  ['rsa_signature_2048_sha256_test.json', 'RS256'],
  ['rsa_pss_2048_sha256_mgf1_32_test.json', 'PS256'],
];

const MAC_FILES: [string, Algorithm, number][] = [
  ['hmac_sha256_test.json', 'HS256', 256],
  ['hmac_sha384_test.json', 'HS384', 384],
  ['hmac_sha512_test.json', 'HS512', 512],
];

function newCounts(path: string, file: string, alg: Algorithm): Counts {
  return {
    path,
    file,
    alg,
    checked: 0,
    validAccepted: 0,
    invalidRejected: 0,
    acceptable: '',
    truncatedTagRejected: 0,
    refusedKeyVectors: 0,
  };
}

/** Checks one vector's outcome; returns a failure description, or null. */
function judge(test: WycheproofTest, accepted: boolean, counts: Counts): string | null {
  counts.checked++;
  if (test.result === 'acceptable') {
    counts.acceptable += `${counts.acceptable ? ', ' : ''}tc${test.tcId}=${accepted ? 'accepted' : 'rejected'}`;
    return null;
  }
  const expected = test.result === 'valid';
  if (accepted !== expected) {
    return `tc${test.tcId} (${test.flags.join(',')}: ${test.comment}) expected ${test.result}`;
  }
  if (expected) counts.validAccepted++;
  else counts.invalidRejected++;
  return null;
}

/** The group's public key in each form it comes in (JWK, PEM), each through the live path. */
async function checksOf(
  path: SignaturePath,
  alg: Algorithm,
  group: WycheproofGroup,
): Promise<Check[]> {
  const jwk = group.publicKeyJwk ?? group.keyJwk;
  const inputs: KeyInput[] = [];
  if (jwk) inputs.push({ alg, jwk: { ...jwk } } as KeyInput);
  if (group.publicKeyPem) inputs.push({ alg, pem: group.publicKeyPem } as KeyInput);
  const checks: Check[] = [];
  for (const input of inputs) checks.push(await path.checkOf(input));
  return checks;
}

describe.each(pathCases)('Wycheproof signatures on the %s path', (pathName, path) => {
  it.each(SIGNATURE_FILES)('%s: every vector answered as its result says (%s)', async (file, alg) => {
    const data: WycheproofFile = loadWycheproof(file);
    const counts = newCounts(pathName, file, alg);
    const failures: string[] = [];
    for (const group of data.testGroups) {
      const checks = await checksOf(path, alg, group);
      expect(checks.length).toBeGreaterThan(0);
      for (const test of group.tests) {
        // The JWK and the PEM form of one key must give the same answer.
        const answers = await Promise.all(
          checks.map((check) => check(hex(test.msg), hex(test.sig!))),
        );
        expect(new Set(answers).size, `tc${test.tcId}`).toBe(1);
        const failure = judge(test, answers[0]!, counts);
        if (failure) failures.push(failure);
      }
    }
    summary.push(counts);
    expect(failures).toEqual([]);
    expect(counts.checked).toBe(data.numberOfTests);
  });
});

describe.each(pathCases)('Wycheproof MACs on the %s path', (pathName, path) => {
  it.each(MAC_FILES)('%s: every full-length vector as its result says, short keys refused, truncated tags rejected (%s)', async (file, alg, hashBits) => {
    const data: WycheproofFile = loadWycheproof(file);
    const counts = newCounts(pathName, file, alg);
    const failures: string[] = [];
    for (const group of data.testGroups) {
      for (const test of group.tests) {
        const secret = hex(test.key!);
        // RFC 7518 §3.2: a secret shorter than the hash output is refused at import.
        if (group.keySize! < hashBits) {
          await expect(createKeySet({ alg, secret } as KeyInput)).rejects.toThrow(TypeError);
          counts.checked++;
          counts.refusedKeyVectors++;
          continue;
        }
        const check = await path.checkOf({ alg, secret } as KeyInput);
        const accepted = await check(hex(test.msg), hex(test.tag!));
        // JWS carries the full tag; a truncated one is never a valid HS* signature.
        if (group.tagSize! < hashBits) {
          counts.checked++;
          if (accepted) failures.push(`tc${test.tcId} truncated tag accepted`);
          else counts.truncatedTagRejected++;
          continue;
        }
        const failure = judge(test, accepted, counts);
        if (failure) failures.push(failure);
      }
    }
    summary.push(counts);
    expect(failures).toEqual([]);
    expect(counts.checked).toBe(data.numberOfTests);
    expect(counts.truncatedTagRejected).toBeGreaterThan(0);
    expect(counts.refusedKeyVectors).toBeGreaterThan(0);
  });
});
