/**
 * Signing keys that survive a restart (examples/shared/signing-keys.ts): the
 * example keeps its key in DATA_DIR (mode 0600, made on first start), so an
 * access token issued before a restart still verifies after it; after
 * `npm run demo:rotate-key` the new key signs and the previous one still
 * verifies; SIGNING_KEY in the environment replaces the file. The servers
 * run as processes, on PGlite so the sessions survive too.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { jwtPayload } from './http-agent.js';
import { type SpawnedExample, spawnExample } from './spawned-example.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'tokenwarden-e2e-keys-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function login(app: SpawnedExample): Promise<string> {
  const res = await fetch(`${app.origin}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'alice', password: 'alice-password' }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function me(app: SpawnedExample, token: string): Promise<number> {
  const res = await fetch(`${app.origin}/api/me`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return res.status;
}

function kidOf(token: string): string {
  const header = token.split('.')[0]!;
  return JSON.parse(Buffer.from(header, 'base64url').toString()).kid;
}

async function jwksKids(app: SpawnedExample): Promise<string[]> {
  const res = await fetch(`${app.origin}/.well-known/jwks.json`);
  return ((await res.json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
}

describe.each(['express', 'fastify'] as const)('%s example', (name) => {
  it('keeps access tokens valid across a restart, and across a key rotation', {
    timeout: 180_000,
  }, async () => {
    const dataDir = join(scratch, `${name}-data`);
    let app = await spawnExample(name, { STORE: 'pglite', DATA_DIR: dataDir });
    // The same origin after each restart: it is the tokens' issuer.
    const env = { STORE: 'pglite', DATA_DIR: dataDir, PORT: String(app.port) };
    const before = await login(app);
    expect(await me(app, before)).toBe(200);
    await app.stop();
    const keyFile = join(dataDir, 'signing-key.jwk');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(keyFile, 'utf8'))).toMatchObject({
      kty: 'OKP',
      d: expect.any(String),
    });

    app = await spawnExample(name, env);
    expect(await me(app, before)).toBe(200);
    expect(kidOf(await login(app))).toBe(kidOf(before));
    await app.stop();

    execFileSync(process.execPath, ['--import', 'tsx', 'examples/rotate-signing-key.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, DATA_DIR: dataDir },
    });
    app = await spawnExample(name, env);
    try {
      // The old key still verifies its tokens; the new one signs.
      expect(await me(app, before)).toBe(200);
      const after = await login(app);
      expect(kidOf(after)).not.toBe(kidOf(before));
      expect(await me(app, after)).toBe(200);
      expect((await jwksKids(app)).sort()).toEqual([kidOf(before), kidOf(after)].sort());
      expect(jwtPayload(after).sub).toBe('u_alice');
    } finally {
      await app.stop();
    }
  });
});

it('takes SIGNING_KEY and SIGNING_KEY_PREVIOUS from the environment instead of the file', {
  timeout: 60_000,
}, async () => {
  const jwk = async () =>
    JSON.stringify(
      await exportJWK((await generateKeyPair('EdDSA', { extractable: true })).privateKey),
    );
  const [current, previous] = [await jwk(), await jwk()];
  const app = await spawnExample('express', {
    SIGNING_KEY: current,
    SIGNING_KEY_PREVIOUS: previous,
  });
  try {
    const kids = await jwksKids(app);
    expect(kids).toHaveLength(2);
    expect(kids).toContain(kidOf(await login(app)));
  } finally {
    await app.stop();
  }
});

it('refuses a SIGNING_KEY that is not a JWK, without echoing it', { timeout: 60_000 }, async () => {
  await expect(spawnExample('express', { SIGNING_KEY: 'hunter2-secret' })).rejects.toThrow(
    /SIGNING_KEY is not an Ed25519 JWK/,
  );
  await expect(spawnExample('express', { SIGNING_KEY: 'hunter2-secret' })).rejects.not.toThrow(
    /hunter2/,
  );
});
