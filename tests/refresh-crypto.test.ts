/**
 * HMAC-SHA-256 and SHA-256 of the refresh path, in both builds: the Web
 * Crypto module and its `node` twin, whose HMAC is RFC 2104 spelled out over
 * `hash()` with a buffer reused between calls. Both are held to RFC 4231,
 * to Project Wycheproof's HMAC-SHA-256 vectors and, on random keys and
 * messages in any order, to `createHmac`.
 */
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as nodeCrypto from '../src/session/refresh-token/refresh-crypto.node.js';
import * as webCrypto from '../src/session/refresh-token/refresh-crypto.js';
import { hex, loadWycheproof } from './vectors/wycheproof.js';

const TWINS = [
  ['Web Crypto', webCrypto],
  ['node:crypto', nodeCrypto],
] as const;

const text = (value: string) => new TextEncoder().encode(value);
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

// RFC 4231 §4: the HMAC-SHA-256 outputs of test cases 1-4, 6 and 7 (case 5 is truncated).
const RFC_4231: { key: Uint8Array; data: Uint8Array; mac: string }[] = [
  {
    key: new Uint8Array(20).fill(0x0b),
    data: text('Hi There'),
    mac: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
  },
  {
    key: text('Jefe'),
    data: text('what do ya want for nothing?'),
    mac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  },
  {
    key: new Uint8Array(20).fill(0xaa),
    data: new Uint8Array(50).fill(0xdd),
    mac: '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
  },
  {
    key: Uint8Array.from({ length: 25 }, (_, i) => i + 1),
    data: new Uint8Array(50).fill(0xcd),
    mac: '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
  },
  {
    key: new Uint8Array(131).fill(0xaa),
    data: text('Test Using Larger Than Block-Size Key - Hash Key First'),
    mac: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
  },
  {
    key: new Uint8Array(131).fill(0xaa),
    data: text(
      'This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.',
    ),
    mac: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
  },
];

describe.each(TWINS)('refresh crypto on %s', (_name, twin) => {
  it('HMAC-SHA-256 gives the RFC 4231 outputs', async () => {
    for (const { key, data, mac } of RFC_4231) {
      expect(toHex(await twin.createHmacSha256(key)(data))).toBe(mac);
    }
  });

  it('HMAC-SHA-256 matches a full-length Wycheproof tag exactly when the vector is valid', async () => {
    const file = loadWycheproof('hmac_sha256_test.json');
    let checked = 0;
    for (const group of file.testGroups.filter((g) => g.tagSize === 256)) {
      for (const test of group.tests) {
        const mac = await twin.createHmacSha256(hex(test.key as string))(hex(test.msg));
        expect(toHex(mac) === test.tag, `tc${test.tcId}`).toBe(test.result === 'valid');
        checked += 1;
      }
    }
    // Keys of 128, 256 and 520 bits: shorter than the block and longer (hashed first).
    expect(checked).toBe(87);
  });

  it('HMAC-SHA-256 equals createHmac on any key and any run of messages (text or bytes, short or long)', async () => {
    const message = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 120 }),
      fc.uint8Array({ maxLength: 400 }),
    );
    await fc.assert(
      fc.asyncProperty(
        // Web Crypto refuses an empty key; rotation keys have 32 bytes or more.
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.array(message, { minLength: 1, maxLength: 6 }),
        async (key, messages) => {
          const mac = twin.createHmacSha256(key);
          // One function, several calls: nothing of a call may leak into the next.
          for (const data of messages) {
            const expected = createHmac('sha256', key).update(data).digest();
            expect(toHex(await mac(data))).toBe(expected.toString('hex'));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('SHA-256 in base64url equals createHash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (data) => {
        const digest = createHash('sha256').update(data).digest();
        expect(await twin.sha256Base64url(data)).toBe(digest.toString('base64url'));
      }),
      { numRuns: 200 },
    );
  });
});
