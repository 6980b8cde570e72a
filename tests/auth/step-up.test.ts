/**
 * Step-up (RFC 9470) through the facade and the Web handler: auth_time and
 * amr in access tokens, kept by refreshes; requirements on verification
 * (maxAge, amr) with the insufficient_user_authentication challenge;
 * auth.stepUp in the same session; the refresh policy's step-up answer,
 * which neither rotates nor revokes until stepUp vouches for the device.
 */
import fc from 'fast-check';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  type AuthEvent,
  AuthError,
  createWebHandler,
  createWebRequireAuth,
  isAuthError,
  MemoryStore,
  type RefreshPolicy,
  type TokenStore,
  toErrorResponse,
} from '../../src/index.js';
import {
  bearer,
  cookieHeader,
  errorOf,
  FOREIGN,
  loginAs,
  ORIGIN,
  REFRESH,
  refreshRequest,
  req,
  setCookies,
  setupApp,
  START,
} from './harness.js';

const SECRET = new TextEncoder().encode('s'.repeat(32));

/** Every stored session of alice and bob, as the store holds them now. */
async function snapshot(app: Awaited<ReturnType<typeof setupApp>>) {
  const now = app.time.now;
  return [
    ...(await app.store.listSessions('user-alice', now)),
    ...(await app.store.listSessions('user-bob', now)),
  ];
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (err) {
    if (isAuthError(err)) return err.code;
    throw err;
  }
}

/** A token with `changes` applied to a real token's claims, signed with the real key. */
async function resigned(token: string, changes: Record<string, unknown>): Promise<string> {
  const header = decodeProtectedHeader(token) as { alg: string; kid: string; typ: string };
  const payload = { ...decodeJwt(token), ...changes };
  for (const [name, value] of Object.entries(changes))
    if (value === undefined) delete payload[name];
  return new SignJWT(payload).setProtectedHeader(header).sign(SECRET);
}

describe('auth_time and amr in access tokens', () => {
  it('login sets auth_time (seconds) and amr ["pwd"]; refreshes keep them', async () => {
    const app = await setupApp();
    const { body, jar } = await loginAs(app);
    expect(decodeJwt(body.accessToken)).toMatchObject({
      auth_time: Math.floor(START / 1000),
      amr: ['pwd'],
    });
    app.advance(600);
    const refreshed = await app.app(refreshRequest(jar));
    expect(refreshed.status).toBe(200);
    const claims = decodeJwt(((await refreshed.json()) as { accessToken: string }).accessToken);
    expect(claims).toMatchObject({ auth_time: Math.floor(START / 1000), amr: ['pwd'] });
    expect(claims.iat).toBe(Math.floor(START / 1000) + 600);
  });

  it('auth.login takes the amr of the login; bad amr values are refused', async () => {
    const app = await setupApp();
    const session = await app.auth.login({ subject: 'user-alice', amr: ['pwd', 'otp'] });
    expect(decodeJwt(session.accessToken).amr).toEqual(['pwd', 'otp']);
    for (const amr of [
      [],
      [''],
      'pwd',
      [1],
      ['a b'],
      Array.from({ length: 17 }, (_, i) => `m${i}`),
    ]) {
      await expect(
        app.auth.login({ subject: 'user-alice', amr: amr as string[] }),
      ).rejects.toBeInstanceOf(TypeError);
    }
  });

  it('accessClaims cannot set auth_time or amr', async () => {
    for (const name of ['auth_time', 'amr']) {
      const app = await setupApp({ accessClaims: () => ({ [name]: 1 }) });
      await expect(app.auth.login({ subject: 'user-alice' })).rejects.toThrow(name);
    }
  });
});

describe('requirements on verification', () => {
  it('maxAge: a token authenticated longer ago is STEP_UP_REQUIRED with the RFC 9470 challenge', async () => {
    const app = await setupApp();
    const { body } = await loginAs(app);
    const request = { method: 'GET', headers: bearer(body.accessToken) };
    await expect(app.auth.authenticate(request, { maxAge: '5m' })).resolves.toMatchObject({
      subject: 'user-alice',
    });
    app.advance(300);
    await expect(app.auth.authenticate(request, { maxAge: '5m' })).resolves.toBeDefined();
    app.advance(1);
    const err = await app.auth.authenticate(request, { maxAge: '5m' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toMatchObject({ code: 'STEP_UP_REQUIRED', status: 401, maxAge: 300 });
    const response = toErrorResponse(err as AuthError);
    expect(response.headers['www-authenticate']).toBe(
      'Bearer error="insufficient_user_authentication", error_description="A more recent authentication is required.", max_age=300',
    );
    expect(response.body.error.code).toBe('STEP_UP_REQUIRED');
    // Without a requirement the same token still passes.
    await expect(app.auth.authenticate(request)).resolves.toBeDefined();
    expect(app.events.at(-1)).toMatchObject({ type: 'verify.failed', reason: 'STEP_UP_REQUIRED' });
  });

  it('amr: every method demanded must be in the token', async () => {
    const app = await setupApp();
    const { body } = await loginAs(app);
    const token = body.accessToken;
    await expect(app.auth.verifyAccess(token, { amr: ['pwd'] })).resolves.toBeDefined();
    const err = (await app.auth.verifyAccess(token, { amr: ['otp'] }).catch((e) => e)) as AuthError;
    expect(err.code).toBe('STEP_UP_REQUIRED');
    expect(err.maxAge).toBeUndefined();
    expect(toErrorResponse(err).headers['www-authenticate']).toBe(
      'Bearer error="insufficient_user_authentication", error_description="A stronger authentication is required (otp)."',
    );
    await expect(codeOf(app.auth.verifyAccess(token, { amr: ['pwd', 'otp'] }))).resolves.toBe(
      'STEP_UP_REQUIRED',
    );
  });

  it('adversarial claims: missing auth_time or amr asks for a step-up; malformed, future or tampered ones are invalid', async () => {
    const app = await setupApp();
    const { body } = await loginAs(app);
    const now = Math.floor(START / 1000);
    const age = { maxAge: 60 };
    const check = async (changes: Record<string, unknown>, requirement: object) => {
      const token = await resigned(body.accessToken, changes);
      const err = await app.auth.verifyAccess(token, requirement).catch((e: unknown) => e);
      return isAuthError(err) ? `${err.code}${err.claim ? `:${err.claim}` : ''}` : 'ok';
    };
    expect(await check({}, age)).toBe('ok');
    expect(await check({ auth_time: undefined }, age)).toBe('STEP_UP_REQUIRED');
    expect(await check({ auth_time: String(now) }, age)).toBe('TOKEN_INVALID:auth_time');
    expect(await check({ auth_time: now + 0.5 }, age)).toBe('TOKEN_INVALID:auth_time');
    expect(await check({ auth_time: -1 }, age)).toBe('TOKEN_INVALID:auth_time');
    expect(await check({ auth_time: null }, age)).toBe('TOKEN_INVALID:auth_time');
    // Within the clock tolerance (5 s) a future auth_time passes; beyond it, never.
    expect(await check({ auth_time: now + 5 }, age)).toBe('ok');
    expect(await check({ auth_time: now + 6 }, age)).toBe('TOKEN_INVALID:auth_time');
    expect(await check({ auth_time: now + 3600 }, age)).toBe('TOKEN_INVALID:auth_time');
    const otp = { amr: ['otp'] };
    expect(await check({ amr: undefined }, otp)).toBe('STEP_UP_REQUIRED');
    expect(await check({ amr: 'otp' }, otp)).toBe('TOKEN_INVALID:amr');
    expect(await check({ amr: { 0: 'otp' } }, otp)).toBe('TOKEN_INVALID:amr');
    expect(await check({ amr: ['otp', 7] }, otp)).toBe('TOKEN_INVALID:amr');
    expect(await check({ amr: ['pwd', 'otp'] }, otp)).toBe('ok');
    // A token whose claims were edited without the key: the signature fails first.
    const [h, , sig] = body.accessToken.split('.');
    const edited = Buffer.from(JSON.stringify({ ...decodeJwt(body.accessToken), amr: ['otp'] }));
    const forged = `${h}.${edited.toString('base64url')}.${sig}`;
    await expect(codeOf(app.auth.verifyAccess(forged, otp))).resolves.toBe('TOKEN_INVALID');
  });

  it('bad requirement options are a TypeError', async () => {
    const app = await setupApp();
    const { body } = await loginAs(app);
    for (const bad of [{ maxAge: 'soon' }, { maxAge: -1 }, { amr: 'otp' }, { amr: [''] }, 'x']) {
      await expect(app.auth.verifyAccess(body.accessToken, bad as never)).rejects.toBeInstanceOf(
        TypeError,
      );
    }
    expect(() => createWebRequireAuth(app.auth, { maxAge: 'soon' as never })).toThrow(TypeError);
  });

  it('createWebRequireAuth answers the challenge as a Response', async () => {
    const app = await setupApp();
    const { body } = await loginAs(app);
    const sensitive = createWebRequireAuth(app.auth, { maxAge: 60 });
    const request = req('/api/sensitive', { headers: bearer(body.accessToken) });
    expect(await sensitive(request)).toMatchObject({ subject: 'user-alice' });
    app.advance(61);
    const response = (await sensitive(request)) as Response;
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('max_age=60');
    expect((await errorOf(response)).code).toBe('STEP_UP_REQUIRED');
  });
});

describe('auth.stepUp', () => {
  it('refreshes auth_time and amr in the same session, without a new refresh cookie', async () => {
    const app = await setupApp();
    const { body, jar } = await loginAs(app);
    const { sessionId } = await app.auth.verifyAccess(body.accessToken);
    app.advance(3600);
    const stepped = await app.auth.stepUp({ sessionId, amr: ['otp'] });
    expect(stepped.sessionId).toBe(sessionId);
    expect(stepped.cookies).toEqual([]);
    expect(JSON.stringify(stepped)).not.toContain('refresh');
    const claims = decodeJwt(stepped.accessToken);
    expect(claims).toMatchObject({
      sid: sessionId,
      auth_time: Math.floor(START / 1000) + 3600,
      amr: ['otp'],
    });
    await expect(
      app.auth.verifyAccess(stepped.accessToken, { maxAge: '5m', amr: ['otp'] }),
    ).resolves.toBeDefined();
    expect(app.events.at(-1)).toMatchObject({ type: 'step_up', sessionId, amr: ['otp'] });
    // The old refresh cookie still works and its access tokens carry the step-up.
    app.advance(60);
    const refreshed = await app.app(refreshRequest(jar));
    expect(refreshed.status).toBe(200);
    const after = decodeJwt(((await refreshed.json()) as { accessToken: string }).accessToken);
    expect(after).toMatchObject({ sid: sessionId, auth_time: claims.auth_time, amr: ['otp'] });
    expect(await snapshot(app)).toHaveLength(1);
  });

  it('refuses revoked, expired and unknown sessions, and stores without setAuthentication', async () => {
    const app = await setupApp();
    const { body } = await loginAs(app);
    const { sessionId } = await app.auth.verifyAccess(body.accessToken);
    await expect(codeOf(app.auth.stepUp({ sessionId: `${sessionId}x` }))).resolves.toBe(
      'SESSION_REVOKED',
    );
    app.advance(8 * 86_400);
    await expect(codeOf(app.auth.stepUp({ sessionId }))).resolves.toBe('REFRESH_TOKEN_EXPIRED');
    const other = await setupApp();
    const session = await other.auth.login({ subject: 'user-bob' });
    await other.auth.revokeSession('user-bob', session.sessionId);
    await expect(codeOf(other.auth.stepUp({ sessionId: session.sessionId }))).resolves.toBe(
      'SESSION_REVOKED',
    );
    const memory = new MemoryStore();
    const legacy: TokenStore = new Proxy(memory, {
      get: (target, name) =>
        name === 'setAuthentication'
          ? undefined
          : (Reflect.get(target, name) as (...a: unknown[]) => unknown).bind(target),
    });
    const old = await setupApp({ store: legacy });
    const s = await old.auth.login({ subject: 'user-bob' });
    await expect(old.auth.stepUp({ sessionId: s.sessionId })).rejects.toThrow(/setAuthentication/);
    await expect(app.auth.stepUp({ sessionId, amr: ['bad method'] })).rejects.toBeInstanceOf(
      TypeError,
    );
  });

  it('a record without authTime/amr (written before step-up) reads as authenticated at login with no method', async () => {
    const app = await setupApp();
    const { body, jar } = await loginAs(app);
    const { sessionId } = await app.auth.verifyAccess(body.accessToken);
    const { authTime: _t, amr: _m, ...legacy } = (await app.store.getSession(sessionId, START))!;
    await app.store.createSession(legacy);
    app.advance(10);
    const refreshed = await app.app(refreshRequest(jar));
    expect(refreshed.status).toBe(200);
    const token = ((await refreshed.json()) as { accessToken: string }).accessToken;
    expect(decodeJwt(token)).toMatchObject({ auth_time: Math.floor(START / 1000), amr: [] });
    await expect(codeOf(app.auth.verifyAccess(token, { amr: ['pwd'] }))).resolves.toBe(
      'STEP_UP_REQUIRED',
    );
    const grant = await app.auth.stepUp({ sessionId, amr: ['pwd'] });
    expect(decodeJwt(grant.accessToken).auth_time).toBe(Math.floor(START / 1000) + 10);
  });
});

describe('refreshPolicy', () => {
  const sameAgent: RefreshPolicy = (session, presented) =>
    session.device?.userAgent === presented.userAgent ? 'allow' : 'step-up';

  it('step-up: 401 STEP_UP_REQUIRED without rotating or revoking; after stepUp from that device, refresh works', async () => {
    const app = await setupApp({ refreshPolicy: sameAgent });
    const { jar } = await loginAs(app, 'alice', { 'user-agent': 'Firefox' });
    const before = await snapshot(app);
    const moved = await app.app(refreshRequest(jar, { origin: ORIGIN, 'user-agent': 'Chrome' }));
    expect(moved.status).toBe(401);
    expect(moved.headers.get('www-authenticate')).toContain(
      'error="insufficient_user_authentication"',
    );
    expect((await errorOf(moved)).code).toBe('STEP_UP_REQUIRED');
    expect(moved.headers.getSetCookie()).toEqual([]);
    expect(await snapshot(app)).toEqual(before);
    expect(app.events.at(-1)).toMatchObject({
      type: 'refresh.failed',
      reason: 'step_up_required',
      rule: 'refreshPolicy',
      decision: 'step-up',
    });
    // Asking again changes nothing either (no reuse, no revocation).
    const again = await app.app(refreshRequest(jar, { origin: ORIGIN, 'user-agent': 'Chrome' }));
    expect((await errorOf(again)).code).toBe('STEP_UP_REQUIRED');
    // The browser that logged in is not affected.
    const chromeRequest = {
      method: 'POST',
      headers: { cookie: cookieHeader(jar), origin: ORIGIN },
      context: { userAgent: 'Chrome' },
    };
    const target = await app.auth.sessionForStepUp(chromeRequest);
    expect(target.subject).toBe('user-alice');
    await app.auth.stepUp({ ...target, amr: ['otp'], context: { userAgent: 'Chrome' } });
    const ok = await app.app(refreshRequest(jar, { origin: ORIGIN, 'user-agent': 'Chrome' }));
    expect(ok.status).toBe(200);
    expect(decodeJwt(((await ok.json()) as { accessToken: string }).accessToken).amr).toEqual([
      'otp',
    ]);
    // Now the first browser is the other device.
    const firefox = await app.app(
      refreshRequest(setCookies(ok), { origin: ORIGIN, 'user-agent': 'Firefox' }),
    );
    expect((await errorOf(firefox)).code).toBe('STEP_UP_REQUIRED');
  });

  it('deny, a throwing policy and a wrong answer refuse without revoking; events name the rule', async () => {
    for (const [policy, reason] of [
      [() => 'deny', 'policy_denied'],
      [() => Promise.resolve('deny'), 'policy_denied'],
      [
        () => {
          throw new Error('bug');
        },
        'policy_error',
      ],
      [() => Promise.reject(new Error('bug')), 'policy_error'],
      [() => 'yes', 'policy_error'],
      [() => undefined, 'policy_error'],
    ] as const) {
      const app = await setupApp({ refreshPolicy: policy as never });
      const { jar } = await loginAs(app);
      const before = await snapshot(app);
      const response = await app.app(refreshRequest(jar));
      expect((await errorOf(response)).code).toBe('REFRESH_TOKEN_INVALID');
      expect(await snapshot(app)).toEqual(before);
      expect(app.events.at(-1)).toMatchObject({
        type: 'refresh.failed',
        reason,
        rule: 'refreshPolicy',
        decision: 'deny',
      });
    }
  });

  it('an async allow rotates; the policy sees authTime and amr; deviceBinding runs first and is named', async () => {
    const seen: { authTime: number; amr: readonly string[] }[] = [];
    const app = await setupApp({
      refreshPolicy: async (session) => {
        seen.push({ authTime: session.authTime, amr: session.amr });
        return 'allow' as const;
      },
      deviceBinding: (stored, presented) => stored.userAgent === presented.userAgent,
    });
    const { jar } = await loginAs(app, 'alice', { 'user-agent': 'Firefox' });
    const ok = await app.app(refreshRequest(jar, { origin: ORIGIN, 'user-agent': 'Firefox' }));
    expect(ok.status).toBe(200);
    expect(seen).toEqual([{ authTime: START, amr: ['pwd'] }]);
    const other = await app.app(
      refreshRequest(setCookies(ok), { origin: ORIGIN, 'user-agent': 'Chrome' }),
    );
    expect((await errorOf(other)).code).toBe('REFRESH_TOKEN_INVALID');
    expect(seen).toHaveLength(1);
    expect(app.events.at(-1)).toMatchObject({
      reason: 'device_mismatch',
      rule: 'deviceBinding',
      decision: 'deny',
    });
  });

  it('sessionForStepUp: the current refresh token only, Origin checked, never revoking', async () => {
    const app = await setupApp();
    const { jar } = await loginAs(app);
    const old = new Map(jar);
    const rotated = setCookies(await app.app(refreshRequest(jar)));
    app.advance(60);
    const by = (cookies: Map<string, string>, origin = ORIGIN) =>
      app.auth.sessionForStepUp({
        method: 'POST',
        headers: { cookie: cookieHeader(cookies), origin },
      });
    await expect(codeOf(by(old))).resolves.toBe('REFRESH_TOKEN_INVALID');
    await expect(codeOf(by(rotated, FOREIGN))).resolves.toBe('CSRF_FAILED');
    await expect(codeOf(by(new Map([[REFRESH, 'junk']])))).resolves.toBe('REFRESH_TOKEN_INVALID');
    await expect(codeOf(by(new Map()))).resolves.toBe('TOKEN_MISSING');
    await expect(by(rotated)).resolves.toMatchObject({ subject: 'user-alice' });
    // The old token was presented but nothing was revoked.
    expect((await app.app(refreshRequest(rotated))).status).toBe(200);
  });

  it('sessionForStepUp prefers a valid access token and passes over an expired one', async () => {
    const app = await setupApp();
    const { body, jar } = await loginAs(app);
    const headers = { ...bearer(body.accessToken), cookie: cookieHeader(jar), origin: ORIGIN };
    await expect(app.auth.sessionForStepUp({ method: 'POST', headers })).resolves.toMatchObject({
      subject: 'user-alice',
    });
    app.advance(3600);
    await expect(app.auth.sessionForStepUp({ method: 'POST', headers })).resolves.toMatchObject({
      subject: 'user-alice',
    });
    const { cookie: _c, ...bearerOnly } = headers;
    await expect(
      codeOf(app.auth.sessionForStepUp({ method: 'POST', headers: bearerOnly })),
    ).resolves.toBe('TOKEN_EXPIRED');
    const forged = await resigned(body.accessToken, { sub: 'user-bob' });
    const tampered = `${forged.slice(0, -2)}AA`;
    await expect(
      codeOf(
        app.auth.sessionForStepUp({ method: 'POST', headers: { ...headers, ...bearer(tampered) } }),
      ),
    ).resolves.toBe('TOKEN_INVALID');
  });
});

describe('the step-up route', () => {
  it('is not served without verifyStepUp, and verifyStepUp must be a function', async () => {
    const app = await setupApp();
    const { body } = await loginAs(app);
    const request = req('/auth/step-up', { body: { otp: '1' }, headers: bearer(body.accessToken) });
    expect(await app.handle(request)).toBeUndefined();
    expect(() =>
      createWebHandler({
        auth: app.auth,
        verifyCredentials: () => null,
        verifyStepUp: 'x' as never,
      }),
    ).toThrow(TypeError);
  });

  it('the Web handler serves it with verifyStepUp, handing over the subject, session and body', async () => {
    const app = await setupApp();
    const { body } = await loginAs(app);
    const seen: unknown[] = [];
    const handle = createWebHandler({
      auth: app.auth,
      verifyCredentials: () => null,
      verifyStepUp: (input) => {
        seen.push(input);
        return { amr: ['otp'] };
      },
    });
    const response = (await handle(
      req('/auth/step-up', { body: { otp: '1' }, headers: bearer(body.accessToken) }),
    ))!;
    expect(response.status).toBe(200);
    expect(seen).toEqual([
      { subject: 'user-alice', sessionId: expect.any(String), body: { otp: '1' } },
    ]);
    const { accessToken } = (await response.json()) as { accessToken: string };
    expect(decodeJwt(accessToken).amr).toEqual(['otp']);
  });
});

describe('events', () => {
  it('step_up events carry the session and the methods, never a token', async () => {
    const events: AuthEvent[] = [];
    const app = await setupApp({ onEvent: (e) => void events.push(e) });
    const session = await app.auth.login({ subject: 'user-alice' });
    await app.auth.stepUp({
      sessionId: session.sessionId,
      amr: ['otp'],
      context: { userAgent: 'X' },
    });
    const event = events.at(-1)!;
    expect(event).toMatchObject({ type: 'step_up', subject: 'user-alice', amr: ['otp'] });
    expect(JSON.stringify(event)).not.toContain(session.accessToken);
  });
});

describe('properties of the requirement check', () => {
  it('maxAge passes exactly when the authentication is at most maxAge old; amr exactly when every method is present', async () => {
    const app = await setupApp();
    const { body } = await loginAs(app);
    const now = Math.floor(START / 1000);
    const methods = fc.constantFrom('pwd', 'otp', 'hwk', 'face');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 7200 }),
        fc.integer({ min: 0, max: 3600 }),
        fc.uniqueArray(methods, { maxLength: 4 }),
        fc.uniqueArray(methods, { maxLength: 3 }),
        async (age, maxAge, held, demanded) => {
          const token = await resigned(body.accessToken, { auth_time: now - age, amr: held });
          const code = await codeOf(app.auth.verifyAccess(token, { maxAge, amr: demanded }));
          const fresh = age <= maxAge;
          const strong = demanded.every((m) => held.includes(m));
          expect(code).toBe(fresh && strong ? 'ok' : 'STEP_UP_REQUIRED');
        },
      ),
      { numRuns: 200 },
    );
  });
});
