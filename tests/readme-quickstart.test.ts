/**
 * The README quick start, run as written (only wrapped in a test and with
 * `console.log` captured), so the documentation cannot drift from the code.
 */
import { expect, it, vi } from 'vitest';
// --- README quick start: imports ---
import { exportJWK, generateKeyPair } from 'jose';
import { AuthError, createIssuer, createKeySet, createVerifier } from '../src/index.js'; // 'tokenwarden'

it('README quick start runs as written', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});

  // --- README quick start: begin ---
  // One Ed25519 key: it signs, and its public half is what you publish as JWKS.
  const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  const keys = await createKeySet({ keys: [{ alg: 'EdDSA', jwk: await exportJWK(privateKey) }] });
  // Or a shared secret (>= 32 bytes for HS256):
  // const keys = await createKeySet({ keys: [{ alg: 'HS256', secret: process.env.JWT_SECRET! }] });

  const issuer = createIssuer({
    keys,
    issuer: 'https://auth.example.com',
    audience: 'my-api',
    ttl: '15m',
  });
  const verifier = createVerifier({ keys, issuer: 'https://auth.example.com', audience: 'my-api' });

  const { token, expiresIn } = await issuer.issue({
    subject: 'user-42',
    sessionId: 'session-1',
    claims: { role: 'admin' },
  });
  console.log(`token valid for ${expiresIn}s`);

  try {
    const { claims } = await verifier.verify<{ role: string }>(token);
    console.log(claims.sub, claims.role); // "user-42" "admin"
    await verifier.verify(`${token}x`); // tampered: rejects
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    console.log(err.code, err.status); // "TOKEN_INVALID" 401
  }
  // --- README quick start: end ---

  expect(log.mock.calls).toEqual([
    ['token valid for 900s'],
    ['user-42', 'admin'],
    ['TOKEN_INVALID', 401],
  ]);
});
