/**
 * createRemoteKeySet against a real JWKS endpoint: a node:http server on
 * 127.0.0.1 whose answers the tests change (keys, Cache-Control, status,
 * a hang), with an injected clock for freshness and cooldown. Verifiers run
 * on both signature backends (the Node one builds KeyObjects from the
 * fetched keys).
 */
import { constants, createPrivateKey, sign as cryptoSign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createIssuer,
  createKeySet,
  createRemoteKeySet,
  isAuthError,
  type KeySet,
  type PublicJwk,
  type RemoteKeySetOptions,
} from '../src/index.js';
import { BACKEND_NAMES, verifierOn } from './helpers/backends.js';
import { craft, expectAuthError, makeMaterial } from './helpers/keys.js';

const ISS = 'https://issuer.example';
const AUD = 'api';

interface Endpoint {
  keys: unknown[];
  cacheControl: string | undefined;
  status: number;
  hang: boolean;
  requests: number;
}
const endpoint: Endpoint = {
  keys: [],
  cacheControl: undefined,
  status: 200,
  hang: false,
  requests: 0,
};
let server: Server;
let url: string;
const hanging = new Set<() => void>();

beforeAll(async () => {
  server = createServer((_req, res) => {
    endpoint.requests += 1;
    if (endpoint.hang) {
      hanging.add(() => res.destroy());
      return;
    }
    const headers: Record<string, string> = { 'content-type': 'application/jwk-set+json' };
    if (endpoint.cacheControl !== undefined) headers['cache-control'] = endpoint.cacheControl;
    res.writeHead(endpoint.status, headers).end(JSON.stringify({ keys: endpoint.keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});

afterAll(async () => {
  for (const end of hanging) end();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let now = 1_800_000_000_000;
const clock = () => now;
const advance = (seconds: number) => {
  now += seconds * 1000;
};

beforeEach(() => {
  Object.assign(endpoint, {
    keys: [],
    cacheControl: undefined,
    status: 200,
    hang: false,
    requests: 0,
  });
});

/** A signing key set and its public JWKS entries. */
async function signer(alg: 'ES256' | 'EdDSA' | 'RS256', kid: string) {
  const m = await makeMaterial(alg);
  const pss = createPrivateKey({ key: m.privateJwk as never, format: 'jwk' });
  const keys = await createKeySet({ alg, jwk: m.privateJwk as Record<string, unknown>, kid });
  const issuer = createIssuer({ keys, issuer: ISS, audience: AUD, clock });
  return {
    keys,
    publicJwks: keys.jwks().keys as PublicJwk[],
    privateJwk: { ...(m.privateJwk as Record<string, unknown>), kid, alg },
    sign: m.signer,
    signPss: (input: Uint8Array) =>
      new Uint8Array(
        cryptoSign('sha256', input, {
          key: pss,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: 32,
        }),
      ),
    token: async () => (await issuer.issue({ subject: 'u1', sessionId: 's1' })).token,
  };
}

function remote(options: Partial<RemoteKeySetOptions> = {}) {
  return createRemoteKeySet({ jwksUri: url, clock, ...options });
}

const forgedKid = (token: string, kid: string) => {
  const [h, p, s] = token.split('.');
  const header = JSON.parse(Buffer.from(h!, 'base64url').toString());
  return `${Buffer.from(JSON.stringify({ ...header, kid })).toString('base64url')}.${p}.${s}`;
};

describe.each(BACKEND_NAMES)('createRemoteKeySet on the %s backend', (backend) => {
  const verifier = (keys: KeySet, extra: object = {}) =>
    verifierOn(backend, { keys, issuer: ISS, audience: AUD, clock, ...extra });

  it('fetches once on first use, shares the fetch between concurrent verifications, and caches', async () => {
    const a = await signer('ES256', 'a');
    endpoint.keys = a.publicJwks;
    const keys = remote();
    expect(endpoint.requests).toBe(0);
    const v = verifier(keys);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => a.token()));
    const results = await Promise.all(tokens.map((t) => v.verify(t)));
    expect(results.every((r) => r.header.kid === 'a')).toBe(true);
    expect(endpoint.requests).toBe(1);
    expect(keys.kids).toEqual(['a']);
    expect(keys.jwks().keys).toEqual(a.publicJwks);
    advance(599);
    await v.verify(await a.token());
    expect(endpoint.requests).toBe(1);
    // Default freshness without Cache-Control: 10 minutes.
    advance(2);
    expect(keys.fresh).toBe(false);
    await v.verify(await a.token());
    expect(endpoint.requests).toBe(2);
  });

  it('honours Cache-Control max-age within minCacheAge and maxCacheAge', async () => {
    const a = await signer('ES256', 'a');
    endpoint.keys = a.publicJwks;
    endpoint.cacheControl = 'public, max-age=120';
    const keys = remote({ cooldown: 1 });
    const v = verifier(keys);
    await v.verify(await a.token());
    advance(119);
    await v.verify(await a.token());
    expect(endpoint.requests).toBe(1);
    advance(2);
    await v.verify(await a.token());
    expect(endpoint.requests).toBe(2);

    // no-store: held at minCacheAge (30s by default), not refetched per request.
    endpoint.cacheControl = 'no-store';
    advance(121);
    await v.verify(await a.token());
    expect(endpoint.requests).toBe(3);
    advance(29);
    await v.verify(await a.token());
    expect(endpoint.requests).toBe(3);
    advance(2);
    await v.verify(await a.token());
    expect(endpoint.requests).toBe(4);

    // A year asked for: held at maxCacheAge.
    endpoint.cacheControl = 'max-age=31536000';
    const capped = remote({ maxCacheAge: '1h', cooldown: 1 });
    const w = verifier(capped);
    await w.verify(await a.token());
    const before = endpoint.requests;
    advance(3599);
    await w.verify(await a.token());
    expect(endpoint.requests).toBe(before);
    advance(2);
    await w.verify(await a.token());
    expect(endpoint.requests).toBe(before + 1);
  });

  it('a flood of unknown kids costs at most one fetch per cooldown', async () => {
    const a = await signer('ES256', 'a');
    endpoint.keys = a.publicJwks;
    const keys = remote();
    const v = verifier(keys);
    await v.verify(await a.token());
    expect(endpoint.requests).toBe(1);
    advance(31);
    const token = await a.token();
    const flood = Array.from({ length: 200 }, (_, i) => v.verify(forgedKid(token, `evil-${i}`)));
    const outcomes = await Promise.allSettled(flood);
    expect(
      outcomes.every((o) => o.status === 'rejected' && isAuthError(o.reason, 'TOKEN_INVALID')),
    ).toBe(true);
    expect(endpoint.requests).toBe(2);
    // Still cooling down: more unknown kids fetch nothing.
    advance(10);
    await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => v.verify(forgedKid(token, `x-${i}`))),
    );
    expect(endpoint.requests).toBe(2);
    expect(keys.coolingDown).toBe(true);
    advance(21);
    await expectAuthError(v.verify(forgedKid(token, 'late')), 'TOKEN_INVALID', 'kid');
    expect(endpoint.requests).toBe(3);
    // The real key still verifies throughout.
    await v.verify(token);
  });

  it('picks up a key rotation at the issuer without rebuilding the verifier', async () => {
    const a = await signer('ES256', 'a');
    const b = await signer('EdDSA', 'b');
    endpoint.keys = a.publicJwks;
    const v = verifier(remote());
    await v.verify(await a.token());
    endpoint.keys = [...b.publicJwks];
    advance(31);
    const { header } = await v.verify(await b.token());
    expect(header.kid).toBe('b');
    expect(endpoint.requests).toBe(2);
    // The old key left the JWKS: its cached header check is gone with it.
    await expectAuthError(v.verify(await a.token()), 'TOKEN_INVALID', 'kid');
  });

  it('times out a hanging endpoint: KEYS_UNAVAILABLE when no keys are held', async () => {
    endpoint.hang = true;
    const a = await signer('ES256', 'a');
    const v = verifier(remote({ timeout: 1 }));
    const started = Date.now();
    const err = await v.verify(await a.token()).catch((e: unknown) => e);
    expect(isAuthError(err, 'KEYS_UNAVAILABLE')).toBe(true);
    expect((err as { status: number }).status).toBe(503);
    expect(Date.now() - started).toBeLessThan(4000);
    // Within the cooldown, no new request: the error comes at once.
    const requests = endpoint.requests;
    await expectAuthError(v.verify(await a.token()), 'KEYS_UNAVAILABLE');
    expect(endpoint.requests).toBe(requests);
  });

  it('keeps the last good keys when the endpoint fails, and says nothing while it has them', async () => {
    const a = await signer('ES256', 'a');
    endpoint.keys = a.publicJwks;
    const keys = remote();
    const v = verifier(keys);
    await v.verify(await a.token());
    for (const broken of [
      () => Object.assign(endpoint, { status: 500 }),
      () => Object.assign(endpoint, { status: 200, keys: 'nope' }),
      () => Object.assign(endpoint, { status: 302 }),
    ]) {
      broken();
      advance(601);
      const before = endpoint.requests;
      await expect(v.verify(await a.token())).resolves.toBeDefined();
      expect(endpoint.requests).toBe(before + 1);
      await expectAuthError(keys.reload(), 'KEYS_UNAVAILABLE');
    }
    expect(keys.kids).toEqual(['a']);
  });

  it('refuses a JWKS with private members whole, and skips keys outside the allow-list', async () => {
    const a = await signer('ES256', 'a');
    const r = await signer('RS256', 'r');
    endpoint.keys = [a.privateJwk];
    const leaky = verifier(remote());
    await expectAuthError(leaky.verify(await a.token()), 'KEYS_UNAVAILABLE');

    // An HMAC key published is a secret published: refused whole too.
    endpoint.keys = [...a.publicJwks, { kty: 'oct', k: 'c2VjcmV0', kid: 'h', alg: 'HS256' }];
    await expectAuthError(verifier(remote()).verify(await a.token()), 'KEYS_UNAVAILABLE');

    endpoint.keys = [...a.publicJwks, ...r.publicJwks, { kty: 'EC', use: 'enc', kid: 'e' }];
    const keys = remote({ algorithms: ['ES256'] });
    const v = verifier(keys);
    await v.verify(await a.token());
    expect(keys.kids).toEqual(['a']);
    await expectAuthError(v.verify(await r.token()), 'TOKEN_INVALID', 'alg');
    // A JWKS of only unusable keys is a failed fetch, not an empty key set.
    endpoint.keys = r.publicJwks;
    await expectAuthError(keys.reload(), 'KEYS_UNAVAILABLE');
    expect(keys.kids).toEqual(['a']);
  });

  it('binds a JWK without alg to the allowed algorithms its key fits; kid optional with requireKid: false', async () => {
    const r = await signer('RS256', 'r');
    const { alg: _alg, kid: _kid, ...bare } = r.publicJwks[0]!;
    endpoint.keys = [bare];
    const keys = remote({ algorithms: ['RS256', 'PS256'] });
    const claims = { iss: ISS, aud: AUD, sub: 'u1', iat: now / 1000, exp: now / 1000 + 60 };
    const rs = craft({ alg: 'RS256', typ: 'at+jwt' }, { ...claims, jti: 'j', sid: 's' }, r.sign);
    const loose = verifier(keys, { requireKid: false });
    const { header } = await loose.verify(rs);
    expect(header.alg).toBe('RS256');
    expect(keys.kids).toHaveLength(1);
    // The same RSA key, bound to PS256 as well: a PS256 token with its thumbprint kid verifies.
    const ps = craft(
      { alg: 'PS256', typ: 'at+jwt', kid: keys.kids[0] },
      { ...claims, jti: 'j', sid: 's' },
      r.signPss,
    );
    await expect(verifier(keys).verify(ps)).resolves.toBeDefined();
    // The default still wants a kid.
    await expectAuthError(verifier(keys).verify(rs), 'TOKEN_INVALID', 'kid');
  });

  it('refuses bad options with a TypeError', () => {
    expect(() => createRemoteKeySet({ jwksUri: 'file:///etc/passwd' })).toThrow(TypeError);
    expect(() => createRemoteKeySet({ jwksUri: 'not a url' })).toThrow(TypeError);
    expect(() => createRemoteKeySet({ jwksUri: url, algorithms: ['HS256' as never] })).toThrow(
      /shared secret/,
    );
    expect(() =>
      createRemoteKeySet({ jwksUri: url, minCacheAge: '2h', maxCacheAge: '1h' }),
    ).toThrow(TypeError);
    expect(() => createRemoteKeySet({ jwksUri: url, timeout: 0 })).toThrow(TypeError);
  });
});
