import { exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  createIssuer,
  createKeySet,
  createVerifier,
  type KeyInput,
  type KeySet,
} from '../src/index.js';
import { b64json, expectAuthError } from './helpers/keys.js';

const T0 = 1_800_000_000;
const clock = () => T0 * 1000;
const opts = { issuer: 'https://auth.example', audience: 'api', clock };

async function pair() {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return {
    signing: {
      alg: 'ES256',
      jwk: (await exportJWK(privateKey)) as Record<string, unknown>,
    } as KeyInput,
    publicPem: await exportSPKI(publicKey),
  };
}

async function issueWith(keys: KeySet): Promise<string> {
  return (await createIssuer({ keys, ...opts }).issue({ subject: 's', sessionId: 'f' })).token;
}

describe('key rotation', () => {
  it('keeps verifying old tokens while the old key is listed, and refuses them once it is removed', async () => {
    const oldKey = await pair();
    const newKey = await pair();

    // Before: the old key signs.
    const before = await createKeySet({ keys: [{ ...oldKey.signing, kid: 'old' }] });
    const oldToken = await issueWith(before);

    // During: the new key signs; the old one stays, as a verify-only public key.
    const during = await createKeySet({
      keys: [
        { ...newKey.signing, kid: 'new' },
        { alg: 'ES256', pem: oldKey.publicPem, kid: 'old' },
      ],
    });
    expect(during.signingKid).toBe('new');
    expect(during.jwks().keys.map((k) => k.kid)).toEqual(['new', 'old']);
    const newToken = await issueWith(during);
    const duringVerifier = createVerifier({ keys: during, ...opts });
    await expect(duringVerifier.verify(oldToken)).resolves.toMatchObject({
      header: { kid: 'old' },
    });
    await expect(duringVerifier.verify(newToken)).resolves.toMatchObject({
      header: { kid: 'new' },
    });

    // After: the old key is gone.
    const after = await createKeySet({ keys: [{ ...newKey.signing, kid: 'new' }] });
    const afterVerifier = createVerifier({ keys: after, ...opts });
    await expectAuthError(afterVerifier.verify(oldToken), 'TOKEN_INVALID', 'kid');
    await expect(afterVerifier.verify(newToken)).resolves.toBeDefined();
  });

  it('a token re-labelled with the new kid does not verify with the new key', async () => {
    const oldKey = await pair();
    const newKey = await pair();
    const before = await createKeySet({ keys: [{ ...oldKey.signing, kid: 'old' }] });
    const oldToken = await issueWith(before);
    const [, payload, signature] = oldToken.split('.');
    const header = b64json({ alg: 'ES256', kid: 'new', typ: 'at+jwt' });
    const after = await createKeySet({ keys: [{ ...newKey.signing, kid: 'new' }] });
    await expectAuthError(
      createVerifier({ keys: after, ...opts }).verify(`${header}.${payload}.${signature}`),
      'TOKEN_INVALID',
    );
  });
});
