import fc from 'fast-check';
import { base64url, CompactSign, compactVerify, importJWK, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import type { Algorithm } from '../../src/token/types.js';
import { createSignature } from '../../src/token/signature/node/sign.js';
import { verifySignature } from '../../src/token/signature/node/verify.js';
import { ALL_ALGS, keyPairs } from './keys.js';

const { own } = await keyPairs();
const encoder = new TextEncoder();

type JoseKey = Awaited<ReturnType<typeof importJWK>>;

/** The same key material as jose sees it: a CryptoKey from the JWK, or the raw HMAC secret. */
async function joseKeys(alg: Algorithm): Promise<{ sign: JoseKey; verify: JoseKey }> {
  const { signing, verify } = own.get(alg)!;
  if (signing.type === 'secret') {
    const secret = new Uint8Array(signing.export());
    return { sign: secret, verify: secret };
  }
  return {
    sign: await importJWK(signing.export({ format: 'jwk' }) as JWK, alg),
    verify: await importJWK(verify.export({ format: 'jwk' }) as JWK, alg),
  };
}

const payloads = fc.uint8Array({ maxLength: 512 });
const RUNS = 15;

describe.each(ALL_ALGS)('%s agrees with jose', (alg) => {
  it('jose signatures verify with ours', async () => {
    const keys = await joseKeys(alg);
    const { verify } = own.get(alg)!;
    await fc.assert(
      fc.asyncProperty(payloads, async (payload) => {
        const token = await new CompactSign(payload).setProtectedHeader({ alg }).sign(keys.sign);
        const [header, body, signature] = token.split('.') as [string, string, string];
        const data = encoder.encode(`${header}.${body}`);
        expect(verifySignature(alg, verify, data, base64url.decode(signature))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('our signatures verify with jose', async () => {
    const keys = await joseKeys(alg);
    const { signing } = own.get(alg)!;
    const header = base64url.encode(JSON.stringify({ alg }));
    await fc.assert(
      fc.asyncProperty(payloads, async (payload) => {
        const signingInput = `${header}.${base64url.encode(payload)}`;
        const signature = createSignature(alg, signing, encoder.encode(signingInput));
        const token = `${signingInput}.${base64url.encode(signature)}`;
        const result = await compactVerify(token, keys.verify, { algorithms: [alg] });
        expect(result.payload).toEqual(payload);
      }),
      { numRuns: RUNS },
    );
  });
});
