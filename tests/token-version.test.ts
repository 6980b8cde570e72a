/**
 * Token versions that something reads (DESIGN decision 7): access tokens
 * carry the subject's version as `ver`, and `accessRevocation: 'version'`
 * compares it with the store on verification, so logout-all and subject-wide
 * reuse detection end every access token of the user at once. The optional
 * version cache's lifetime is the documented delay; time is an injected clock.
 */
import { describe, expect, it } from 'vitest';
import {
  type AuthOptions,
  createAuth,
  createIssuer,
  MemoryStore,
  type TokenStore,
} from '../src/index.js';
import { createVersionCache } from '../src/session/version-cache.js';
import { ISSUER, keys, START } from './auth/harness.js';
import { instrumentedStore, SECOND, setup } from './helpers/rotation.js';

function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

function cookieOf(session: { cookies: { setCookie: string }[] }): string {
  return session.cookies[0]!.setCookie.split(';')[0]!;
}

const bearer = (token: string) => ({
  method: 'GET',
  headers: { authorization: `Bearer ${token}` },
});

/** One shared store and clock; each `instance()` is one server process with its own caches. */
async function world(defaults: Partial<AuthOptions> = {}) {
  const time = { now: START };
  const clock = () => time.now;
  const { store, calls } = instrumentedStore(new MemoryStore({ clock }));
  const keySet = await keys();
  const instance = (overrides: Partial<AuthOptions> = {}) =>
    createAuth({
      issuer: ISSUER,
      audience: 'app',
      keys: keySet,
      store: store as TokenStore,
      clock,
      rotationKey: 'r'.repeat(32),
      accessRevocation: 'version',
      ...defaults,
      ...overrides,
    });
  const advance = (ms: number) => {
    time.now += ms;
  };
  const versionReads = () => calls.filter((c) => c.method === 'getTokenVersion').length;
  return { instance, advance, versionReads, store, clock, keySet };
}

async function rejectionCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as { code: string }).code;
  }
  return 'resolved';
}

describe('the ver claim', () => {
  it('is the subject version at login and refresh, in every mode', async () => {
    const w = await world({ accessRevocation: 'none' });
    const auth = w.instance();
    const a = await auth.login({ subject: 'alice' });
    expect(payloadOf(a.accessToken).ver).toBe(0);
    await auth.logoutAll('alice');
    const b = await auth.login({ subject: 'alice' });
    expect(payloadOf(b.accessToken).ver).toBe(1);
    const refreshed = await auth.refresh({
      method: 'POST',
      headers: { cookie: cookieOf(b), origin: ISSUER },
    });
    expect(payloadOf(refreshed.accessToken).ver).toBe(1);
  });

  it('is reserved: accessClaims and issue() may not set it', async () => {
    const w = await world();
    const auth = w.instance({ accessClaims: () => ({ ver: 99 }) });
    await expect(auth.login({ subject: 'alice' })).rejects.toThrow(/reserved claim "ver"/);
    const issuer = createIssuer({ keys: w.keySet, issuer: ISSUER, audience: 'app' });
    await expect(
      issuer.issue({ subject: 'alice', sessionId: 's', claims: { ver: 1 } }),
    ).rejects.toThrow(TypeError);
    await expect(
      issuer.issue({ subject: 'alice', sessionId: 's', tokenVersion: -1 }),
    ).rejects.toThrow(TypeError);
    const issued = await issuer.issue({ subject: 'alice', sessionId: 's', tokenVersion: 3 });
    expect(payloadOf(issued.token).ver).toBe(3);
    expect(
      payloadOf((await issuer.issue({ subject: 'a', sessionId: 's' })).token),
    ).not.toHaveProperty('ver');
  });
});

describe("accessRevocation: 'version'", () => {
  it("logoutAll on device A ends device B's access token at once (TOKEN_REVOKED), one store read per request", async () => {
    const w = await world();
    const auth = w.instance();
    const deviceA = await auth.login({ subject: 'alice' });
    const deviceB = await auth.login({ subject: 'alice' });
    const bob = await auth.login({ subject: 'bob' });
    const before = w.versionReads();
    expect((await auth.authenticate(bearer(deviceB.accessToken))).subject).toBe('alice');
    expect(w.versionReads() - before).toBe(1);
    await auth.logoutAll('alice');
    expect(await rejectionCode(auth.authenticate(bearer(deviceB.accessToken)))).toBe(
      'TOKEN_REVOKED',
    );
    expect(await rejectionCode(auth.authenticate(bearer(deviceA.accessToken)))).toBe(
      'TOKEN_REVOKED',
    );
    // Other users are untouched; a new login carries the new version and passes.
    expect((await auth.authenticate(bearer(bob.accessToken))).subject).toBe('bob');
    const again = await auth.login({ subject: 'alice' });
    expect((await auth.authenticate(bearer(again.accessToken))).subject).toBe('alice');
    expect(auth.subjectRevocationDelay).toBe(0);
    expect(auth.revocationDelay).toBe(15 * 60 + 5);
  });

  it("reuse detection with onReuse 'subject' ends every access token of the user", async () => {
    const w = await world({ onReuse: 'subject', reuseGrace: 0 });
    const auth = w.instance();
    const phone = await auth.login({ subject: 'alice' });
    const laptop = await auth.login({ subject: 'alice' });
    const headers = { cookie: cookieOf(phone), origin: ISSUER };
    await auth.refresh({ method: 'POST', headers });
    expect(await rejectionCode(auth.refresh({ method: 'POST', headers }))).toBe(
      'REFRESH_TOKEN_REUSED',
    );
    expect(await rejectionCode(auth.authenticate(bearer(laptop.accessToken)))).toBe(
      'TOKEN_REVOKED',
    );
  });

  it('refuses a token without ver, and one whose ver the store never reached', async () => {
    const w = await world();
    const auth = w.instance();
    await auth.login({ subject: 'alice' });
    const issuer = createIssuer({
      keys: w.keySet,
      issuer: ISSUER,
      audience: 'app',
      clock: w.clock,
    });
    const withoutVer = await issuer.issue({ subject: 'alice', sessionId: 's' });
    const ahead = await issuer.issue({ subject: 'alice', sessionId: 's', tokenVersion: 1 });
    const current = await issuer.issue({ subject: 'alice', sessionId: 's', tokenVersion: 0 });
    expect(await rejectionCode(auth.authenticate(bearer(withoutVer.token)))).toBe('TOKEN_REVOKED');
    expect(await rejectionCode(auth.authenticate(bearer(ahead.token)))).toBe('TOKEN_REVOKED');
    expect((await auth.authenticate(bearer(current.token))).subject).toBe('alice');
  });

  it('a version record lives past every session that can issue its version', async () => {
    const w = await world({ absoluteTtl: '1d', refreshTtl: '1d', accessTtl: '15m' });
    const auth = w.instance();
    await auth.logoutAll('alice');
    w.advance(1000);
    // A session started just after the bump issues ver 1 until its absolute end.
    const late = await auth.login({ subject: 'alice' });
    w.advance(86_400 * SECOND - 2000);
    const last = await auth.refresh({
      method: 'POST',
      headers: { cookie: cookieOf(late), origin: ISSUER },
    });
    expect(payloadOf(last.accessToken).ver).toBe(1);
    w.advance(10 * 60 * SECOND);
    // Past bump + absoluteTtl, the token is still alive and still current.
    expect((await auth.authenticate(bearer(last.accessToken))).subject).toBe('alice');
  });
});

describe("accessRevocation: 'none' is unaffected", () => {
  it('a logout-all leaves other access tokens valid until exp, with no version read', async () => {
    const w = await world({ accessRevocation: 'none' });
    const auth = w.instance();
    const deviceB = await auth.login({ subject: 'alice' });
    await auth.logoutAll('alice');
    const before = w.versionReads();
    expect((await auth.authenticate(bearer(deviceB.accessToken))).subject).toBe('alice');
    expect(w.versionReads()).toBe(before);
    expect(auth.subjectRevocationDelay).toBe(15 * 60 + 5);
  });
});

describe('versionCacheTtl', () => {
  it('is the revocation delay on other instances, and this instance learns of its own bump at once', async () => {
    const w = await world({ versionCacheTtl: '10s' });
    const a = w.instance();
    const b = w.instance();
    expect(b.subjectRevocationDelay).toBe(10);
    const session = await a.login({ subject: 'alice' });
    expect((await b.authenticate(bearer(session.accessToken))).subject).toBe('alice');
    const reads = w.versionReads();
    await a.logoutAll('alice');
    expect(await rejectionCode(a.authenticate(bearer(session.accessToken)))).toBe('TOKEN_REVOKED');
    w.advance(9_999);
    // Within the cache lifetime instance b still holds version 0, without reading the store.
    expect((await b.authenticate(bearer(session.accessToken))).subject).toBe('alice');
    expect(w.versionReads()).toBe(reads);
    w.advance(1);
    expect(await rejectionCode(b.authenticate(bearer(session.accessToken)))).toBe('TOKEN_REVOKED');
    expect(w.versionReads()).toBe(reads + 1);
  });

  it("is refused outside 'version' mode and when it exceeds accessTtl", async () => {
    const w = await world();
    expect(() => w.instance({ accessRevocation: 'session', versionCacheTtl: '5s' })).toThrow(
      /versionCacheTtl needs accessRevocation: 'version'/,
    );
    expect(() => w.instance({ accessTtl: '1m', versionCacheTtl: '61s' })).toThrow(
      /versionCacheTtl must not exceed accessTtl/,
    );
    expect(() => w.instance({ versionCacheTtl: -1 })).toThrow(TypeError);
    expect(w.instance({ accessTtl: '1m', versionCacheTtl: '1m' }).subjectRevocationDelay).toBe(60);
  });
});

describe('the version cache', () => {
  it('holds an entry for exactly its lifetime', () => {
    const cache = createVersionCache(1000);
    cache.set('alice', 2, 0);
    expect(cache.get('alice', 999)).toBe(2);
    expect(cache.get('alice', 1000)).toBeUndefined();
    // A clock that went backwards does not stretch the lifetime.
    cache.set('alice', 2, 5000);
    expect(cache.get('alice', 4000)).toBeUndefined();
  });

  it('keeps a higher version over a late, lower read', () => {
    const cache = createVersionCache(1000);
    cache.set('alice', 3, 0);
    cache.set('alice', 2, 10);
    expect(cache.get('alice', 20)).toBe(3);
  });

  it('is bounded: the oldest subject makes room', () => {
    const cache = createVersionCache(1000, 3);
    for (const subject of ['a', 'b', 'c', 'd']) cache.set(subject, 1, 0);
    expect(cache.get('a', 1)).toBeUndefined();
    expect(['b', 'c', 'd'].map((s) => cache.get(s, 1))).toEqual([1, 1, 1]);
  });
});

describe('the engine reads the version before it creates or advances a session', () => {
  it.each([
    ['a store without rotateIfCurrent', false, ['getTokenVersion', 'rotate']],
    // The fast path reads the version inside the rotating call itself.
    ['the fast path', true, ['rotateIfCurrent']],
  ])(
    'login: before createSession; refresh: before rotate and before a grace claim, on %s',
    async (_, fastPath, rotation) => {
      const { engine, calls } = setup({ accessRevocation: 'version' }, { fastPath });
      const order = () =>
        calls.map((c) => c.method).filter((m) => m !== 'getSession' && m !== 'rotateIfCurrent');
      const first = await engine.login({ subject: 'alice' });
      expect(order()).toEqual(['getTokenVersion', 'createSession']);
      calls.length = 0;
      const second = await engine.refresh(first.refreshToken);
      expect(calls.map((c) => c.method).filter((m) => m !== 'getSession')).toEqual(rotation);
      calls.length = 0;
      await engine.refresh(first.refreshToken);
      expect(order()).toEqual(['getTokenVersion', 'claimGraceReplay']);
      expect(second.tokenVersion).toBe(0);
      await engine.logoutAll('alice');
      expect((await engine.login({ subject: 'alice' })).tokenVersion).toBe(1);
      expect(await engine.isAccessRevoked({ sub: 'alice', ver: 0 })).toBe(true);
      expect(await engine.isAccessRevoked({ sub: 'alice', ver: 1 })).toBe(false);
      expect(await engine.isAccessRevoked({ sub: 'alice' })).toBe(true);
    },
  );
});
