/**
 * What a new user writing a first app runs into: `res.json(session)` must not
 * hand the refresh token to page script, and a refused origin must say which
 * setting to change (without echoing the request).
 */
import { describe, expect, it } from 'vitest';
import type { AuthSession } from '../../src/index.js';
import { ACCESS, CSRF, errorOf, ISSUER, REFRESH, req, setupApp } from './harness.js';

const refreshCookieOf = (session: AuthSession) => session.cookies[0]!.setCookie.split(';')[0]!;

describe.each(['header', 'cookie', 'both'] as const)(
  'login and refresh results (tokenLocation %s)',
  (tokenLocation) => {
    it('serialize without the refresh token, which the cookie carries', async () => {
      const app = await setupApp({ tokenLocation, fingerprint: tokenLocation === 'header' });
      const login = await app.auth.login({ subject: 'user-alice' });
      const refreshed = await app.auth.refresh({
        method: 'POST',
        headers: {
          cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
          origin: ISSUER,
          ...(login.csrfToken ? { 'x-csrf-token': login.csrfToken } : {}),
        },
      });
      for (const session of [login, refreshed]) {
        const token = session.refreshToken;
        expect(token).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
        const json = JSON.stringify(session);
        expect(json).not.toContain(token);
        expect(json).not.toContain(token.split('.')[1]);
        expect(JSON.stringify({ ...session })).not.toContain(token);
        expect(Object.keys(session)).not.toContain('refreshToken');
        expect(Object.keys(session)).not.toContain('cookies');
        expect(JSON.parse(json)).toMatchObject({ body: session.body, subject: 'user-alice' });
        // The cookies still carry it, and stay readable.
        const refresh = session.cookies.find((c) => c.name === REFRESH);
        expect(refresh?.value).toBe(token);
        expect(refresh?.attributes.httpOnly).toBe(true);
        expect(refresh?.setCookie.startsWith(`${REFRESH}=${token};`)).toBe(true);
        const { cookies } = session;
        expect(cookies.length).toBeGreaterThan(0);
        if (tokenLocation !== 'header') {
          expect(cookies.map((c) => c.name)).toEqual(expect.arrayContaining([ACCESS, CSRF]));
          expect(session.csrfToken).toBeTypeOf('string');
        }
      }
      expect(refreshed.refreshToken).not.toBe(login.refreshToken);
    });
  },
);

describe('a request from another origin (a dev server on :5173)', () => {
  const DEV = 'http://localhost:5173';

  it('is refused with a message naming the origins option, not echoing the origin', async () => {
    const app = await setupApp();
    const session = await app.auth.login({ subject: 'user-alice' });
    const response = await app.app(
      req('/auth/refresh', {
        method: 'POST',
        headers: { cookie: refreshCookieOf(session), origin: DEV, 'sec-fetch-site': 'same-site' },
      }),
    );
    expect(response.status).toBe(403);
    const error = await errorOf(response);
    expect(error.code).toBe('CSRF_FAILED');
    expect(error.message).toMatch(/`origins` \(createAuth\)/);
    expect(error.message).not.toContain('5173');
  });

  it('passes once the origin is listed in origins', async () => {
    const app = await setupApp({ origins: [ISSUER, DEV] });
    const session = await app.auth.login({ subject: 'user-alice' });
    const response = await app.app(
      req('/auth/refresh', {
        method: 'POST',
        headers: { cookie: refreshCookieOf(session), origin: DEV },
      }),
    );
    expect(response.status).toBe(200);
  });

  it('a cookie-authenticated API call reports the failing header in verify.failed', async () => {
    const app = await setupApp({ tokenLocation: 'cookie' });
    const session = await app.auth.login({ subject: 'user-alice' });
    const access = session.cookies.find((c) => c.name === ACCESS)!;
    const response = await app.app(
      req('/api/orders', {
        method: 'POST',
        headers: { cookie: `${ACCESS}=${access.value}`, origin: DEV },
      }),
    );
    expect(response.status).toBe(403);
    const failed = app.events.filter((e) => e.type === 'verify.failed');
    expect(failed).toEqual([
      expect.objectContaining({ type: 'verify.failed', reason: 'CSRF_FAILED', claim: 'origin' }),
    ]);
    expect(JSON.stringify(failed)).not.toContain('5173');
  });
});
