/**
 * createAuth end to end through the Web handler: login → authenticate →
 * refresh → logout, caller claims, configuration checks, sessions, and the
 * revocation delay each mode promises (DESIGN decisions 7 and 12).
 */
import { describe, expect, it } from 'vitest';
import { createAuth, isAuthError } from '../../src/index.js';
import { expectAuthError } from '../helpers/keys.js';
import {
  bearer,
  cookieHeader,
  ISSUER,
  keys,
  loginAs,
  ORIGIN,
  REFRESH,
  refreshRequest,
  req,
  setCookies,
  setupApp,
} from './harness.js';

describe('login → authenticate → refresh → logout', () => {
  it('runs the whole flow through the Web handler', async () => {
    const app = await setupApp();
    const { body, jar, response } = await loginAs(app);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(body.tokenType).toBe('Bearer');
    expect(body.expiresIn).toBe(900);
    expect(jar.get(REFRESH)).toMatch(/.{40,}/);

    const me = await app.app(req('/api/me', { headers: bearer(body.accessToken) }));
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ subject: 'user-alice', role: 'admin' });

    app.advance(60);
    const refreshed = await app.app(refreshRequest(jar));
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.get('cache-control')).toBe('no-store');
    const next = (await refreshed.json()) as typeof body;
    const nextJar = setCookies(refreshed);
    expect(next.accessToken).not.toBe(body.accessToken);
    expect(nextJar.get(REFRESH)).not.toBe(jar.get(REFRESH));

    const loggedOut = await app.app(
      req('/auth/logout', {
        method: 'POST',
        headers: { cookie: cookieHeader(nextJar), origin: ORIGIN },
      }),
    );
    expect(loggedOut.status).toBe(204);
    expect(await loggedOut.text()).toBe('');
    expect(loggedOut.headers.get('cache-control')).toBe('no-store');
    const cleared = loggedOut.headers.getSetCookie();
    expect(cleared.some((c) => c.startsWith(`${REFRESH}=;`) && /Max-Age=0/.test(c))).toBe(true);

    const again = await app.app(refreshRequest(nextJar));
    expect(again.status).toBe(401);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe(
      'SESSION_REVOKED',
    );
  });

  it('asks accessClaims at login and at every refresh, so a changed role lands', async () => {
    let role = 'user';
    const app = await setupApp({ accessClaims: () => ({ role }) });
    const { body, jar } = await loginAs(app);
    const first = await app.auth.verifyAccess<{ role: string }>(body.accessToken);
    expect(first.claims.role).toBe('user');
    role = 'admin';
    const refreshed = await app.app(refreshRequest(jar));
    const next = (await refreshed.json()) as typeof body;
    const second = await app.auth.verifyAccess<{ role: string }>(next.accessToken);
    expect(second.claims.role).toBe('admin');
  });

  it('passes the subject to accessClaims on login and refresh', async () => {
    const app = await setupApp();
    const { jar } = await loginAs(app, 'bob');
    await app.app(refreshRequest(jar));
    expect(app.claimsCalls).toEqual(['user-bob', 'user-bob']);
  });

  it.each(['sub', 'sid', 'exp', 'iss', 'aud', 'jti', 'fgp', 'cnf'])(
    'refuses the reserved claim %s from accessClaims, and leaves no session behind',
    async (name) => {
      const app = await setupApp({ accessClaims: () => ({ [name]: 'forged' }) });
      await expect(app.auth.login({ subject: 'user-alice' })).rejects.toThrow(TypeError);
      expect(await app.auth.listSessions('user-alice')).toEqual([]);
    },
  );

  it.each([undefined, '', 42])(
    'refuses login subject %s before asking accessClaims',
    async (subject) => {
      const app = await setupApp();
      await expect(app.auth.login({ subject: subject as string })).rejects.toThrow(TypeError);
      expect(app.claimsCalls).toEqual([]);
    },
  );

  it('a throwing accessClaims at refresh rotates nothing: the same cookie refreshes later, even after the grace window', async () => {
    let failing = false;
    const app = await setupApp({
      reuseGrace: '5s',
      accessClaims: () => {
        if (failing) throw new Error('claims backend down');
        return { role: 'user' };
      },
    });
    const { jar } = await loginAs(app);
    failing = true;
    await expect(app.auth.refresh(requestOf(jar))).rejects.toThrow('claims backend down');
    expect(app.events.map((e) => e.type)).not.toContain('refresh');
    failing = false;
    app.advance(60);
    const retried = await app.app(refreshRequest(jar));
    expect(retried.status).toBe(200);
    expect(app.events.map((e) => e.type)).not.toContain('refresh.reuse_detected');
    expect(await app.auth.listSessions('user-alice')).toHaveLength(1);
  });

  it('a throwing accessClaims on a grace replay claims no replay and revokes nothing', async () => {
    let failing = false;
    const app = await setupApp({
      reuseGrace: '5s',
      maxGraceReplays: 1,
      accessClaims: () => {
        if (failing) throw new Error('claims backend down');
        return { role: 'user' };
      },
    });
    const { jar } = await loginAs(app);
    expect((await app.app(refreshRequest(jar))).status).toBe(200);
    failing = true;
    for (let i = 0; i < 3; i++) {
      await expect(app.auth.refresh(requestOf(jar))).rejects.toThrow('claims backend down');
    }
    failing = false;
    // The one replay the cap allows is still there: the failed ones took none of it.
    expect((await app.app(refreshRequest(jar))).status).toBe(200);
    expect(app.events.map((e) => e.type)).not.toContain('refresh.reuse_detected');
  });

  it('refuses an accessClaims result that is not an object', async () => {
    const app = await setupApp({ accessClaims: () => [] as unknown as Record<string, unknown> });
    await expect(app.auth.login({ subject: 'user-alice' })).rejects.toThrow(TypeError);
    expect(await app.auth.listSessions('user-alice')).toEqual([]);
  });
});

describe('minimal configuration', () => {
  it('works with only issuer, audience and keys, with safe defaults', async () => {
    const auth = createAuth({ issuer: ISSUER, audience: 'app', keys: await keys() });
    const session = await auth.login({ subject: 'u1' });
    expect(session.body.expiresIn).toBe(900);
    expect(session.cookies.map((c) => c.name)).toEqual([REFRESH]);
    const [refresh] = session.cookies;
    expect(refresh?.attributes).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      path: '/auth',
    });
    expect(refresh?.attributes.domain).toBeUndefined();
    const ctx = await auth.authenticate({
      method: 'GET',
      headers: { authorization: `Bearer ${session.accessToken}` },
    });
    expect(ctx).toMatchObject({ subject: 'u1', sessionId: session.sessionId });
    expect(auth.revocationDelay).toBe(900 + 5);
    expect(auth.jwks()).toEqual({ keys: [] });
  });
});

describe('configuration is checked at construction', () => {
  const bad: [string, Record<string, unknown>][] = [
    ['tokenLocation', { tokenLocation: 'query' }],
    ['origins', { issuer: 'my-service' }],
    ['origins', { issuer: 'ftp://app.example' }],
    ['origins entries', { origins: ['https://app.example/'] }],
    ['origins must list', { origins: [] }],
    ['accessTtl', { accessTtl: '15 minutes' }],
    ['accessTtl', { accessTtl: -1 }],
    ['refreshTtl', { refreshTtl: 'forever' }],
    ['reuseGrace', { reuseGrace: '5x' }],
    ['clockTolerance', { clockTolerance: 'lots' }],
    ['refreshPath', { cookies: { refreshPath: 'auth' } }],
    ['SameSite=None', { cookies: { sameSite: 'none', secure: false, warn: () => {} } }],
    ['domain', { cookies: { domain: 'a;b' } }],
    ['accessClaims', { accessClaims: 'role' }],
    ['rotationKey', { rotationKey: 'short' }],
    ['400 days', { absoluteTtl: '500d' }],
  ];
  it.each(bad)('throws a TypeError naming %s', async (word, override) => {
    const base = { issuer: ISSUER, audience: 'app', keys: await keys() };
    let thrown: unknown;
    try {
      createAuth({ ...base, ...override } as never);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toMatch(/^tokenwarden: /);
    expect((thrown as Error).message.toLowerCase()).toContain(word.toLowerCase());
  });

  it('accepts a non-URL issuer when origins are given', async () => {
    const auth = createAuth({
      issuer: 'my-service',
      audience: 'app',
      keys: await keys(),
      origins: [ORIGIN],
    });
    await expect(
      auth.refresh({ method: 'POST', headers: { origin: 'https://other.example' } }),
    ).rejects.toMatchObject({ code: 'CSRF_FAILED' });
    await expect(
      auth.refresh({ method: 'POST', headers: { origin: ORIGIN } }),
    ).rejects.toMatchObject({ code: 'REFRESH_TOKEN_MISSING' });
  });

  it('refuses a missing options object', () => {
    expect(() => createAuth(undefined as never)).toThrow(TypeError);
  });
});

describe('sessions', () => {
  it('lists sessions with current, ISO times and the user agent of the login', async () => {
    const app = await setupApp();
    const phone = await loginAs(app, 'alice', { 'user-agent': 'Phone/1.0' });
    app.advance(10);
    const laptop = await loginAs(app, 'alice', { 'user-agent': 'Laptop/2.0' });
    const { sessionId } = await app.auth.verifyAccess(laptop.body.accessToken);
    const sessions = await app.auth.listSessions('user-alice', sessionId);
    expect(sessions).toHaveLength(2);
    const current = sessions.filter((s) => s.current);
    expect(current.map((s) => s.id)).toEqual([sessionId]);
    expect(current[0]?.userAgent).toBe('Laptop/2.0');
    const other = sessions.find((s) => !s.current);
    expect(other?.userAgent).toBe('Phone/1.0');
    expect(other?.createdAt).toBe(new Date(1_700_000_000_000).toISOString());
    expect(current[0]?.lastUsedAt).toBe(new Date(1_700_000_010_000).toISOString());
    expect(phone.body.accessToken).not.toBe(laptop.body.accessToken);
    expect(await app.auth.listSessions('user-bob')).toEqual([]);
  });

  it('marks no session current when none is named', async () => {
    const app = await setupApp();
    await loginAs(app);
    const sessions = await app.auth.listSessions('user-alice');
    expect(sessions.map((s) => s.current)).toEqual([false]);
    expect(sessions[0]?.userAgent).toBeNull();
  });

  it('revokeSession refuses another user’s session and revokes nothing', async () => {
    const app = await setupApp({ accessRevocation: 'session' });
    const alice = await loginAs(app, 'alice');
    const { sessionId } = await app.auth.verifyAccess(alice.body.accessToken);
    expect(await app.auth.revokeSession('user-bob', sessionId)).toBe(false);
    expect(await app.auth.revokeSession('user-alice', 'no-such-session')).toBe(false);
    expect((await app.auth.listSessions('user-alice')).map((s) => s.id)).toEqual([sessionId]);
    await expect(app.auth.verifyAccess(alice.body.accessToken)).resolves.toMatchObject({
      subject: 'user-alice',
    });
    expect((await app.app(refreshRequest(alice.jar))).status).toBe(200);
  });

  it('revokeSession of one’s own session ends it', async () => {
    const app = await setupApp();
    const alice = await loginAs(app, 'alice');
    const { sessionId } = await app.auth.verifyAccess(alice.body.accessToken);
    expect(await app.auth.revokeSession('user-alice', sessionId)).toBe(true);
    expect(await app.auth.listSessions('user-alice')).toEqual([]);
    const refreshed = await app.app(refreshRequest(alice.jar));
    expect(refreshed.status).toBe(401);
  });
});

describe('revocationDelay per mode (DESIGN decision 12)', () => {
  it('is accessTtl + clockTolerance in none mode, and a revoked session’s token passes that long', async () => {
    const app = await setupApp({ accessTtl: '10m', clockTolerance: '3s' });
    expect(app.auth.revocationDelay).toBe(603);
    const { body, jar } = await loginAs(app);
    await app.app(
      req('/auth/logout', {
        method: 'POST',
        headers: { cookie: cookieHeader(jar), origin: ORIGIN },
      }),
    );
    app.advance(602);
    await expect(app.auth.verifyAccess(body.accessToken)).resolves.toBeDefined();
    app.advance(1);
    await expectAuthError(app.auth.verifyAccess(body.accessToken), 'TOKEN_EXPIRED');
  });

  it('is 0 in session mode: the token dies with its session', async () => {
    const app = await setupApp({ accessRevocation: 'session' });
    expect(app.auth.revocationDelay).toBe(0);
  });

  it('is accessTtl + clockTolerance in jti mode (logout-all and revokeSession do not denylist)', async () => {
    const app = await setupApp({ accessRevocation: 'jti' });
    expect(app.auth.revocationDelay).toBe(905);
    const { body } = await loginAs(app);
    await app.auth.logoutAll('user-alice');
    await expect(app.auth.verifyAccess(body.accessToken)).resolves.toBeDefined();
  });
});

describe('verifyAccess', () => {
  it.each([undefined, 42, '', 'a.b.c', null])('refuses %s with an AuthError', async (token) => {
    const app = await setupApp();
    const err = await app.auth.verifyAccess(token).catch((e: unknown) => e);
    expect(isAuthError(err)).toBe(true);
  });
});

/** The facade's view of POST /auth/refresh with the jar's cookies, from the app's origin. */
function requestOf(jar: Map<string, string>) {
  return { method: 'POST', headers: { cookie: cookieHeader(jar), origin: ORIGIN } };
}
