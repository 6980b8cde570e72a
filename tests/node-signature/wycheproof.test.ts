import type { KeyObject } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeySet, type KeyInput } from '../../src/index.js';
import { verifySignature } from '../../src/token/signature/node/verify.js';
import type { Algorithm } from '../../src/token/types.js';
import { liveKeyObjects } from './keys.js';
import {
  hex,
  loadWycheproof,
  type WycheproofFile,
  type WycheproofGroup,
  type WycheproofTest,
} from './wycheproof.js';

interface Counts {
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
  console.log('Wycheproof vectors on the node:crypto path');
  console.table(summary);
});

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

function newCounts(file: string, alg: Algorithm): Counts {
  return {
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

// Through the live path: the key set imports and checks the key, the node
// backend builds its KeyObject from the key set's material.
async function verifyKeysOf(alg: Algorithm, group: WycheproofGroup): Promise<KeyObject[]> {
  const jwk = group.publicKeyJwk ?? group.keyJwk;
  const inputs: KeyInput[] = [];
  if (jwk) inputs.push({ alg, jwk: { ...jwk } } as KeyInput);
  if (group.publicKeyPem) inputs.push({ alg, pem: group.publicKeyPem } as KeyInput);
  const keys: KeyObject[] = [];
  for (const input of inputs) keys.push((await liveKeyObjects(input)).verify);
  return keys;
}

async function secretKeyOf(alg: Algorithm, secret: Uint8Array): Promise<KeyObject> {
  return (await liveKeyObjects({ alg, secret } as KeyInput)).verify;
}

describe.each(SIGNATURE_FILES)('Wycheproof %s', (file, alg) => {
  const data: WycheproofFile = loadWycheproof(file);

  it(`answers every vector as its result says (${alg})`, async () => {
    const counts = newCounts(file, alg);
    const failures: string[] = [];
    for (const group of data.testGroups) {
      const keys = await verifyKeysOf(alg, group);
      expect(keys.length).toBeGreaterThan(0);
      for (const test of group.tests) {
        // The JWK and the PEM form of one key must give the same answer.
        const answers = keys.map((key) => verifySignature(alg, key, hex(test.msg), hex(test.sig!)));
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

describe.each(MAC_FILES)('Wycheproof %s', (file, alg, hashBits) => {
  const data: WycheproofFile = loadWycheproof(file);

  it(`answers every full-length vector as its result says, refuses short keys and truncated tags (${alg})`, async () => {
    const counts = newCounts(file, alg);
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
        const key = await secretKeyOf(alg, secret);
        const accepted = verifySignature(alg, key, hex(test.msg), hex(test.tag!));
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
