/**
 * The `tokenwarden` command line as a user runs it: the package packed,
 * extracted into a scratch project, its `bin` linked into node_modules/.bin,
 * and the command run as a child process (README "Command line"). Exit codes:
 * 0 ok, 1 invalid token, 2 usage.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIssuer, createKeySet } from '../../dist/index.js';
import { createScratchProject, installBins, type ScratchProject } from './scratch-project.js';

let project: ScratchProject;
let bin: string;

beforeAll(() => {
  project = createScratchProject();
  bin = installBins(project).tokenwarden!;
}, 120_000);
afterAll(() => project?.remove());

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], input?: string): Ran {
  const ran = spawnSync(bin, args, { cwd: project.dir, encoding: 'utf8', input: input ?? '' });
  return { code: ran.status, stdout: ran.stdout, stderr: ran.stderr };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const forge = (header: unknown, claims: unknown, signature = '') =>
  `${b64(header)}.${b64(claims)}.${signature}`;

/** A fresh ES256 private JWK written to `name` through `keygen`, and its kid. */
function keyFile(name: string, alg = 'ES256'): { path: string; jwk: Record<string, unknown> } {
  const ran = cli(['keygen', '--alg', alg]);
  expect(ran.code).toBe(0);
  project.write({ [name]: ran.stdout });
  return { path: name, jwk: JSON.parse(ran.stdout) };
}

async function issue(jwk: Record<string, unknown>, clock = Date.now) {
  const keys = await createKeySet({ alg: jwk.alg as 'ES256', jwk });
  const issuer = createIssuer({
    keys,
    issuer: 'https://auth.example',
    audience: 'api',
    ttl: '15m',
    clock,
  });
  return (await issuer.issue({ subject: 'user-1', sessionId: 'family-1' })).token;
}

describe('help and usage', () => {
  it.each(['keygen', 'jwks', 'inspect'])('%s --help prints its usage and exits 0', (command) => {
    const ran = cli([command, '--help']);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain(`Usage: tokenwarden ${command}`);
    expect(ran.stdout).toContain('0 ok, 1 invalid token, 2 usage');
  });

  it('no command, an unknown command or an unknown option exits 2 with the usage on stderr', () => {
    for (const args of [[], ['frobnicate'], ['inspect', '--nope', 'x'], ['keygen']]) {
      const ran = cli(args);
      expect(ran.code, args.join(' ')).toBe(2);
      expect(ran.stdout).toBe('');
      expect(ran.stderr).toContain('Usage: tokenwarden');
    }
  });
});

describe('keygen', () => {
  it.each(['EdDSA', 'ES256', 'RS256', 'PS256', 'HS256'])(
    '%s: a private JWK on stdout that createKeySet loads, one warning line on stderr',
    async (alg) => {
      const ran = cli(['keygen', '--alg', alg, '--kid', `k-${alg}`]);
      expect(ran.code).toBe(0);
      const jwk = JSON.parse(ran.stdout);
      expect(jwk).toMatchObject({ alg, kid: `k-${alg}`, use: 'sig' });
      expect(ran.stderr.trim().split('\n')).toHaveLength(1);
      expect(ran.stderr).toMatch(/private key k-\w+ .*stdout/);
      const keys = await createKeySet({ alg: alg as 'ES256', jwk });
      expect(keys.signingKid).toBe(`k-${alg}`);
    },
  );

  it('HS256 .env lines hold a secret of at least 32 bytes with the kid createKeySet derives', async () => {
    const ran = cli(['keygen', '--alg', 'HS256', '--format', 'env']);
    expect(ran.code).toBe(0);
    const env = Object.fromEntries(
      ran.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(/=(.*)/s, 2)),
    );
    expect(env.JWT_ALG).toBe('HS256');
    expect(Buffer.from(env.JWT_SECRET!, 'base64url').length).toBeGreaterThanOrEqual(32);
    const keys = await createKeySet({ alg: 'HS256', secret: env.JWT_SECRET! });
    expect(keys.signingKid).toBe(env.JWT_KID);
  });

  it('ES256 as PEM loads; a PEM of an HMAC secret or an unknown algorithm is a usage error', async () => {
    const ran = cli(['keygen', '--alg', 'ES256', '--format', 'pem']);
    expect(ran.stdout).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    await expect(createKeySet({ alg: 'ES256', pem: ran.stdout })).resolves.toBeDefined();
    expect(cli(['keygen', '--alg', 'HS256', '--format', 'pem']).code).toBe(2);
    expect(cli(['keygen', '--alg', 'none']).code).toBe(2);
  });

  it('--json prints one JSON object with alg, kid, format and key', () => {
    const out = JSON.parse(cli(['keygen', '--alg', 'EdDSA', '--json']).stdout);
    expect(out).toMatchObject({ alg: 'EdDSA', format: 'jwk', key: { kty: 'OKP', crv: 'Ed25519' } });
    expect(out.key.kid).toBe(out.kid);
  });
});

describe('jwks', () => {
  it('prints only the public members of a JWKS file that holds private ones, and says so', () => {
    const a = keyFile('a.jwk', 'RS256').jwk;
    const b = keyFile('b.jwk', 'EdDSA').jwk;
    project.write({ 'private.jwks.json': JSON.stringify({ keys: [a, b] }) });
    const ran = cli(['jwks', 'private.jwks.json']);
    expect(ran.code).toBe(0);
    expect(ran.stderr).toContain('holds private key members');
    const { keys } = JSON.parse(ran.stdout);
    expect(keys.map((k: { kid: string }) => k.kid)).toEqual([a.kid, b.kid]);
    for (const key of keys) {
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'])
        expect(key).not.toHaveProperty(member);
    }
    expect(ran.stdout).not.toContain(String(a.d));
  });

  it('refuses an HMAC secret, a missing file and a file that is no key (exit 2)', () => {
    keyFile('hs.jwk', 'HS256');
    project.write({ 'junk.txt': 'not a key' });
    for (const file of ['hs.jwk', 'missing.jwk', 'junk.txt']) {
      const ran = cli(['jwks', file]);
      expect(ran.code, file).toBe(2);
      expect(ran.stdout).toBe('');
    }
  });
});

describe('inspect', () => {
  it('decodes, reads the times, and verifies against a JWKS with --issuer/--audience', async () => {
    const { path, jwk } = keyFile('signer.jwk');
    project.write({ 'public.json': cli(['jwks', path]).stdout });
    const token = await issue(jwk);
    const ran = cli(
      [
        'inspect',
        '-',
        '--jwks',
        'public.json',
        '--issuer',
        'https://auth.example',
        '--audience',
        'api',
      ],
      `${token}\n`,
    );
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('expires in 15 min');
    expect(ran.stdout).toContain(`verification: valid (kid ${jwk.kid}, ES256)`);
    expect(ran.stdout).not.toContain('not checked');
  });

  it('an expired token exits 1 with TOKEN_EXPIRED and "expired 3 h ago" (--json)', async () => {
    const { path, jwk } = keyFile('old.jwk');
    const token = await issue(jwk, () => Date.now() - 3 * 3600_000 - 15 * 60_000);
    const ran = cli(['inspect', token, '--key', path, '--json']);
    expect(ran.code).toBe(1);
    const out = JSON.parse(ran.stdout);
    expect(out.times.exp.relative).toBe('expired 3 h ago');
    expect(out.verification).toMatchObject({ valid: false, code: 'TOKEN_EXPIRED' });
  });

  it('a token signed by another key exits 1 with the AuthError code', async () => {
    const signer = keyFile('s1.jwk').jwk;
    const other = keyFile('s2.jwk');
    const ran = cli(['inspect', await issue(signer), '--key', other.path]);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toMatch(/verification: INVALID TOKEN_INVALID \(claim kid, check_failed\)/);
  });

  it('alg none: decoded with a warning; with a key the verifier refuses it (exit 1)', () => {
    const { path } = keyFile('n.jwk');
    const now = Math.floor(Date.now() / 1000);
    const token = forge(
      { alg: 'none', typ: 'at+jwt' },
      {
        iss: 'https://auth.example',
        aud: 'api',
        sub: 'admin',
        iat: now,
        exp: now + 600,
        jti: 'j',
        sid: 's',
      },
    );
    const decoded = cli(['inspect', token, '--json']);
    expect(decoded.code).toBe(0);
    expect(JSON.parse(decoded.stdout).warnings[0]).toMatch(/alg is "none"/);
    const verified = cli(['inspect', token, '--key', path, '--json']);
    expect(verified.code).toBe(1);
    // Refused before any key is used: an empty signature, an alg no key holds.
    expect(JSON.parse(verified.stdout).verification).toMatchObject({
      valid: false,
      code: 'TOKEN_INVALID',
    });
  });

  it('warns about key-carrying headers, missing typ and jti, long lifetimes and sensitive claims', () => {
    const token = forge(
      { alg: 'RS256', jku: 'https://evil.example/jwks', jwk: { kty: 'oct', k: 'AAAA' }, kid: 'x' },
      { sub: 'u', iat: 1_000, exp: 1_000 + 86_400, password: 'hunter2', email: 'a@b.example' },
      'c2ln',
    );
    const { warnings } = JSON.parse(cli(['inspect', token, '--json']).stdout);
    expect(warnings.join('\n')).toMatch(/no typ header/);
    expect(warnings.join('\n')).toMatch(/header carries "jwk"/);
    expect(warnings.join('\n')).toMatch(/header carries "jku"/);
    expect(warnings.join('\n')).toMatch(/long lifetime: 24 h/);
    expect(warnings.join('\n')).toMatch(/no jti/);
    expect(warnings.join('\n')).toMatch(/sensitive-looking claims \(password, email\)/);
  });

  it.each([
    ['garbage', 'garbage'],
    ['a JWE', 'a.b.c.d.e'],
    ['a header that is not JSON', `${Buffer.from('{oops').toString('base64url')}.e30.`],
    ['padded base64', `${b64({ alg: 'HS256' })}=.e30.`],
    ['a JSON array payload', `${b64({ alg: 'HS256' })}.${b64([1])}.`],
  ])('%s exits 1 and prints no claims', (_name, token) => {
    const ran = cli(['inspect', token]);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toMatch(/^tokenwarden: not a readable token/);
  });

  it('oversized stdin is cut off and refused (exit 1), not read to the end', () => {
    const ran = cli(['inspect', '-'], 'a'.repeat(200_000));
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/more than 65536 bytes/);
  });

  it('a key file that is not a key is a usage error (exit 2), not an invalid token', () => {
    project.write({
      'bad.json': JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA', alg: 'ES256' }),
    });
    const token = forge({ alg: 'ES256', typ: 'at+jwt', kid: 'k' }, { iss: 'i', aud: 'a' }, 'c2ln');
    const ran = cli(['inspect', token, '--key', 'bad.json']);
    expect(ran.code).toBe(2);
    expect(readFileSync(join(project.dir, 'bad.json'), 'utf8')).toContain('P-256');
  });
});
