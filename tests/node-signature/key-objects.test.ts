/**
 * The node backend's keys come from the key set's material, never from its
 * non-extractable CryptoKeys: `KeyObject.from` on those is deprecated
 * (DEP0204, "will throw in a future version"; Bun warns on the first issue()).
 * Node 20 does not emit DEP0204 yet, so the spy is the check that fails here;
 * the `--throw-deprecation` run catches it on the Node versions that do.
 */
import { execFileSync } from 'node:child_process';
import { createPublicKey, KeyObject } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKeySet } from '../../src/index.js';
import { keySetInternals } from '../../src/token/keys/key-set.js';
import { nodeBackend } from '../../src/token/signature/node-backend.js';
import { issuerOn, verifierOn } from '../helpers/backends.js';
import { ALL_ALGS, generateInputs, liveKeyObjects } from './keys.js';

const ISS = 'https://auth.example';
const inputs = generateInputs();

afterEach(() => {
  vi.restoreAllMocks();
});

describe('KeyObjects from the configured material', () => {
  it.each(ALL_ALGS)('%s: a signing key and a verify key of the right kind', async (alg) => {
    const { sign, verify } = await liveKeyObjects(inputs(alg));
    if (alg.startsWith('HS')) {
      expect(sign?.type).toBe('secret');
      expect(verify).toBe(sign);
      return;
    }
    expect(sign?.type).toBe('private');
    expect(verify.type).toBe('public');
    // The verify key is the public half of the signing key.
    expect(verify.equals(createPublicKey(sign!))).toBe(true);
  });

  it('a PEM gives the same key as its JWK', async () => {
    const jwk = (inputs('ES256') as { jwk: Record<string, unknown> }).jwk;
    const privateKey = (await liveKeyObjects({ alg: 'ES256', jwk })).sign!;
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    const fromPem = await liveKeyObjects({ alg: 'ES256', pem });
    expect(fromPem.sign!.equals(privateKey)).toBe(true);
  });

  it('a verify-only key has no signing KeyObject, and the node backend will not sign with it', async () => {
    const jwk = (inputs('EdDSA') as { jwk: Record<string, unknown> }).jwk;
    const { d: _d, ...publicJwk } = jwk;
    const keys = await createKeySet({ alg: 'EdDSA', jwk: publicJwk });
    const [key] = keySetInternals(keys).keys;
    expect((await liveKeyObjects({ alg: 'EdDSA', jwk: publicJwk })).sign).toBeUndefined();
    expect(() => nodeBackend.sign(key!, { kid: key!.kid }, new Uint8Array())).toThrow(
      /cannot sign/,
    );
  });

  it('the key set keeps its CryptoKeys non-extractable and shows no material', async () => {
    for (const alg of ALL_ALGS) {
      const keys = await createKeySet(inputs(alg));
      for (const key of keySetInternals(keys).keys) {
        expect(key.verifyKey.extractable).toBe(false);
        expect(key.signKey?.extractable).toBe(false);
      }
      expect(Object.keys(keys).sort()).toEqual(['algorithms', 'jwks', 'kids', 'signingKid']);
      expect(JSON.stringify(keys)).not.toMatch(/"(d|k|secret|material)"/);
    }
  });
});

describe('no deprecated KeyObject.from (DEP0204)', () => {
  it('building, signing and verifying with every algorithm never converts a CryptoKey', async () => {
    const from = vi.spyOn(KeyObject, 'from');
    for (const alg of ALL_ALGS) {
      const keys = await createKeySet(inputs(alg));
      const options = { keys, issuer: ISS, audience: 'api' };
      const { token } = await issuerOn('node', options).issue({ subject: 'u', sessionId: 's' });
      await expect(verifierOn('node', options).verify(token)).resolves.toBeDefined();
    }
    expect(from).not.toHaveBeenCalled();
  });

  it('the same flow under node --throw-deprecation emits no warning', () => {
    const backends = fileURLToPath(new URL('../helpers/backends.ts', import.meta.url));
    const keys = fileURLToPath(new URL('./keys.ts', import.meta.url));
    const script = `
      const { issuerOn, verifierOn } = await import(${JSON.stringify(backends)});
      const { ALL_ALGS, generateInputs } = await import(${JSON.stringify(keys)});
      const { createKeySet } = await import(${JSON.stringify(fileURLToPath(new URL('../../src/index.ts', import.meta.url)))});
      const inputs = generateInputs();
      process.on('warning', (w) => { if (w.name === 'DeprecationWarning') process.exitCode = 1; });
      for (const alg of ALL_ALGS) {
        const options = { keys: await createKeySet(inputs(alg)), issuer: 'iss', audience: 'api' };
        const { token } = await issuerOn('node', options).issue({ subject: 'u', sessionId: 's' });
        await verifierOn('node', options).verify(token);
      }
      console.log('verified', ALL_ALGS.length);
    `;
    const out = execFileSync(
      process.execPath,
      ['--throw-deprecation', '--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(out.trim()).toBe(`verified ${ALL_ALGS.length}`);
  });
});
