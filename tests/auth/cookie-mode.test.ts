/**
 * Access tokens in cookies (`tokenLocation: 'cookie' | 'both'`): the access
 * and CSRF cookies, double-submit on unsafe methods, Origin checks, and the
 * rule that a Bearer request never needs CSRF (DESIGN decision 8).
 */
import { describe, expect, it } from 'vitest';
import {
  ACCESS,
  bearer,
  CSRF,
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
} from './harness.js';

const csrfOf = (jar: Map<string, string>) => ({ 'x-csrf-token': jar.get(CSRF) ?? '' });
/** The browser sends every cookie that matches; only the access cookie reaches /api. */
const apiCookies = (jar: Map<string, string>) =>
  cookieHeader(new Map([...jar].filter(([name]) => name !== REFRESH)));

describe.each(['cookie', 'both'] as const)('tokenLocation %s', (tokenLocation) => {
  it('login sets the refresh, access and CSRF cookies with safe attributes', async () => {
    const app = await setupApp({ tokenLocation });
    const session = await app.auth.login({ subject: 'user-alice' });
    const byName = new Map(session.cookies.map((c) => [c.name, c]));
    expect([...byName.keys()].sort()).toEqual([ACCESS, CSRF, REFRESH].sort());
    expect(byName.get(ACCESS)?.value).toBe(session.accessToken);
    expect(byName.get(ACCESS)?.attributes).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      path: '/',
      maxAge: 900,
    });
    // The page must read the CSRF cookie to echo it, so it is not HttpOnly.
    expect(byName.get(CSRF)?.attributes).toMatchObject({
      httpOnly: false,
      secure: true,
      path: '/',
    });
    expect(byName.get(CSRF)?.value).toBe(session.csrfToken);
  });

  it('GET with the access cookie passes without a CSRF header', async () => {
    const app = await setupApp({ tokenLocation });
    const { jar } = await loginAs(app);
    const response = await app.app(req('/api/me', { headers: { cookie: apiCookies(jar) } }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ subject: 'user-alice' });
  });

  it('an unsafe method with the cookie but no CSRF header is CSRF_FAILED', async () => {
    const app = await setupApp({ tokenLocation });
    const { jar } = await loginAs(app);
    const response = await app.app(
      req('/api/orders', { method: 'POST', headers: { cookie: apiCookies(jar), origin: ORIGIN } }),
    );
    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe('CSRF_FAILED');
    expect(response.headers.get('www-authenticate')).toBeNull();
  });

  it.each([
    ['a wrong token', (jar: Map<string, string>) => ({ 'x-csrf-token': `${jar.get(CSRF)}x` })],
    ['an empty header', () => ({ 'x-csrf-token': '' })],
    ['the header but no CSRF cookie', (jar: Map<string, string>) => csrfOf(jar)],
  ])('an unsafe method with %s is CSRF_FAILED', async (name, headers) => {
    const app = await setupApp({ tokenLocation });
    const { jar } = await loginAs(app);
    const cookies =
      name === 'the header but no CSRF cookie'
        ? cookieHeader(new Map([[ACCESS, jar.get(ACCESS) ?? '']]))
        : apiCookies(jar);
    const response = await app.app(
      req('/api/orders', {
        method: 'DELETE',
        headers: { cookie: cookies, origin: ORIGIN, ...headers(jar) },
      }),
    );
    expect((await errorOf(response)).code).toBe('CSRF_FAILED');
  });

  it('an unsafe method with the double-submit header passes', async () => {
    const app = await setupApp({ tokenLocation });
    const { jar } = await loginAs(app);
    const response = await app.app(
      req('/api/orders', {
        method: 'POST',
        headers: { cookie: apiCookies(jar), origin: ORIGIN, ...csrfOf(jar) },
      }),
    );
    expect(response.status).toBe(200);
  });

  it('a foreign Origin is refused even with a matching double-submit pair', async () => {
    const app = await setupApp({ tokenLocation });
    const { jar } = await loginAs(app);
    const response = await app.app(
      req('/api/orders', {
        method: 'POST',
        headers: { cookie: apiCookies(jar), origin: FOREIGN, ...csrfOf(jar) },
      }),
    );
    expect((await errorOf(response)).code).toBe('CSRF_FAILED');
  });

  it('refresh needs the double-submit header, and rotates access and CSRF cookies', async () => {
    const app = await setupApp({ tokenLocation });
    const { jar } = await loginAs(app);
    const refused = await app.app(refreshRequest(jar));
    expect((await errorOf(refused)).code).toBe('CSRF_FAILED');
    const response = await app.app(refreshRequest(jar, { origin: ORIGIN, ...csrfOf(jar) }));
    expect(response.status).toBe(200);
    const next = setCookies(response);
    expect(next.get(ACCESS)).toBeDefined();
    expect(next.get(ACCESS)).not.toBe(jar.get(ACCESS));
    expect(next.get(CSRF)).not.toBe(jar.get(CSRF));
    const me = await app.app(req('/api/me', { headers: { cookie: apiCookies(next) } }));
    expect(me.status).toBe(200);
  });

  it('logout needs the double-submit header', async () => {
    const app = await setupApp({ tokenLocation });
    const { jar } = await loginAs(app);
    const logout = (headers: Record<string, string>) =>
      app.app(
        req('/auth/logout', {
          method: 'POST',
          headers: { cookie: cookieHeader(jar), origin: ORIGIN, ...headers },
        }),
      );
    expect((await errorOf(await logout({}))).code).toBe('CSRF_FAILED');
    expect((await app.app(refreshRequest(jar, { origin: ORIGIN, ...csrfOf(jar) }))).status).toBe(
      200,
    );
    expect((await logout(csrfOf(jar))).status).toBe(204);
  });

  it('logout-all by cookie needs the double-submit header', async () => {
    const app = await setupApp({ tokenLocation });
    const { jar } = await loginAs(app);
    const headers = { cookie: apiCookies(jar), origin: ORIGIN };
    const refused = await app.app(req('/auth/logout-all', { method: 'POST', headers }));
    expect((await errorOf(refused)).code).toBe('CSRF_FAILED');
    expect(await app.auth.listSessions('user-alice')).toHaveLength(1);
    const done = await app.app(
      req('/auth/logout-all', { method: 'POST', headers: { ...headers, ...csrfOf(jar) } }),
    );
    expect(done.status).toBe(204);
    expect(await app.auth.listSessions('user-alice')).toEqual([]);
  });
});

describe('tokenLocation both', () => {
  it('a Bearer request never needs CSRF, even a cross-origin POST', async () => {
    const app = await setupApp({ tokenLocation: 'both' });
    const { body } = await loginAs(app);
    const response = await app.app(
      req('/api/orders', {
        method: 'POST',
        headers: bearer(body.accessToken, { origin: FOREIGN }),
      }),
    );
    expect(response.status).toBe(200);
  });

  it('prefers the Bearer header over the cookie', async () => {
    const app = await setupApp({ tokenLocation: 'both' });
    const alice = await loginAs(app, 'alice');
    const bob = await loginAs(app, 'bob');
    const response = await app.app(
      req('/api/me', {
        headers: bearer(bob.body.accessToken, { cookie: apiCookies(alice.jar) }),
      }),
    );
    expect(await response.json()).toMatchObject({ subject: 'user-bob' });
  });
});

describe('tokenLocation cookie', () => {
  it('ignores an Authorization header: the cookie is the only credential', async () => {
    const app = await setupApp({ tokenLocation: 'cookie' });
    const { body } = await loginAs(app);
    const response = await app.app(req('/api/me', { headers: bearer(body.accessToken) }));
    expect((await errorOf(response)).code).toBe('TOKEN_MISSING');
  });

  it('an expired access cookie is TOKEN_EXPIRED', async () => {
    const app = await setupApp({ tokenLocation: 'cookie' });
    const { jar } = await loginAs(app);
    app.advance(906);
    const response = await app.app(req('/api/me', { headers: { cookie: apiCookies(jar) } }));
    expect((await errorOf(response)).code).toBe('TOKEN_EXPIRED');
  });
});

describe('tokenLocation header (default)', () => {
  it('sets no access or CSRF cookie and ignores an access cookie', async () => {
    const app = await setupApp();
    const both = await setupApp({ tokenLocation: 'both' });
    const { jar } = await loginAs(both);
    const session = await app.auth.login({ subject: 'user-alice' });
    expect(session.cookies.map((c) => c.name)).toEqual([REFRESH]);
    expect(session.csrfToken).toBeUndefined();
    const response = await app.app(req('/api/me', { headers: { cookie: apiCookies(jar) } }));
    expect((await errorOf(response)).code).toBe('TOKEN_MISSING');
  });

  it('refresh checks Origin but needs no double-submit header', async () => {
    const app = await setupApp();
    const { jar } = await loginAs(app);
    expect((await app.app(refreshRequest(jar))).status).toBe(200);
  });
});

describe('secure: false (local development)', () => {
  it('uses unprefixed names, drops Secure, and warns once', async () => {
    const warnings: string[] = [];
    const app = await setupApp({
      tokenLocation: 'both',
      cookies: { secure: false, warn: (message) => warnings.push(message) },
    });
    const session = await app.auth.login({ subject: 'user-alice' });
    expect(session.cookies.map((c) => c.name).sort()).toEqual([
      'tw-access',
      'tw-csrf',
      'tw-refresh',
    ]);
    expect(session.cookies.every((c) => !c.attributes.secure)).toBe(true);
    await app.auth.login({ subject: 'user-alice' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^tokenwarden: /);
    const cookie = session.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const ok = await app.auth.authenticate({ method: 'GET', headers: { cookie } });
    expect(ok.subject).toBe('user-alice');
  });
});

describe('strict cookie mode (accessTokenInBody: false)', () => {
  it('keeps the access token out of the login and refresh bodies, in its cookie only', async () => {
    const app = await setupApp({ tokenLocation: 'cookie', accessTokenInBody: false });
    const { response, body, jar } = await loginAs(app);
    expect(body).toEqual({ expiresIn: 900 });
    const access = jar.get(ACCESS)!;
    expect(access).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const refreshed = await app.app(refreshRequest(jar, { origin: ORIGIN, ...csrfOf(jar) }));
    expect(refreshed.status).toBe(200);
    const text = await refreshed.text();
    expect(JSON.parse(text)).toEqual({ expiresIn: 900 });
    const next = setCookies(refreshed);
    expect(text).not.toContain(next.get(ACCESS)!.split('.')[1]);
    const me = await app.app(req('/api/me', { headers: { cookie: apiCookies(next) } }));
    expect(me.status).toBe(200);
  });

  it('is the facade’s body too, while the session object still holds the token', async () => {
    const app = await setupApp({ tokenLocation: 'cookie', accessTokenInBody: false });
    const session = await app.auth.login({ subject: 'user-alice' });
    expect(JSON.parse(JSON.stringify(session.body))).toEqual({ expiresIn: 900 });
    expect(session.accessToken).toMatch(/^[\w-]+\./);
  });

  it('defaults to the token in the body, as before', async () => {
    const app = await setupApp({ tokenLocation: 'cookie' });
    const { body, jar } = await loginAs(app);
    expect(body.accessToken).toBe(jar.get(ACCESS));
  });

  it.each(['header', 'both'] as const)(
    'is refused with tokenLocation %s',
    async (tokenLocation) => {
      await expect(setupApp({ tokenLocation, accessTokenInBody: false })).rejects.toThrow(
        /^tokenwarden: accessTokenInBody: false needs tokenLocation: 'cookie'/,
      );
    },
  );

  it('refuses a value that is not a boolean', async () => {
    await expect(
      setupApp({ tokenLocation: 'cookie', accessTokenInBody: 'no' as unknown as boolean }),
    ).rejects.toThrow(/accessTokenInBody must be a boolean/);
  });
});

describe('auth.refreshPath', () => {
  it('is the refresh cookie Path: /auth by default, else cookies.refreshPath', async () => {
    const byDefault = await setupApp();
    expect(byDefault.auth.refreshPath).toBe('/auth');
    const session = await byDefault.auth.login({ subject: 'user-alice' });
    expect(session.cookies[0]?.attributes.path).toBe(byDefault.auth.refreshPath);
    const moved = await setupApp({ cookies: { refreshPath: '/api/auth' } });
    expect(moved.auth.refreshPath).toBe('/api/auth');
  });
});
