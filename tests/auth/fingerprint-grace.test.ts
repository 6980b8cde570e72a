/**
 * Sidejacking fingerprint (DESIGN decision 11, OWASP JWT cheat sheet) and the
 * refresh grace window seen through the facade (DESIGN decision 6).
 */
import { describe, expect, it } from 'vitest';
import { tokenParts } from '../helpers/rotation.js';
import {
  ACCESS,
  bearer,
  CSRF,
  cookieHeader,
  errorOf,
  FGP,
  loginAs,
  ORIGIN,
  REFRESH,
  refreshRequest,
  req,
  setCookies,
  setupApp,
} from './harness.js';

/** The cookies a browser sends to /api: the fingerprint (Path=/), never the refresh cookie. */
const fgpCookie = (jar: Map<string, string>) => `${FGP}=${jar.get(FGP)}`;

describe('fingerprint: true', () => {
  it('login sets a hardened __Host- fingerprint cookie, and only its digest is in the token', async () => {
    const app = await setupApp({ fingerprint: true });
    const session = await app.auth.login({ subject: 'user-alice' });
    const cookie = session.cookies.find((c) => c.name === FGP);
    expect(cookie?.attributes).toMatchObject({
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      path: '/',
    });
    expect(cookie?.attributes.domain).toBeUndefined();
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const payload = session.accessToken.split('.')[1] ?? '';
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { fgp: string };
    expect(claims.fgp).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(claims.fgp).not.toBe(cookie?.value);
    expect(session.accessToken).not.toContain(cookie?.value ?? '');
  });

  it('the token with its own cookie passes', async () => {
    const app = await setupApp({ fingerprint: true });
    const { body, jar } = await loginAs(app);
    const response = await app.app(
      req('/api/me', { headers: bearer(body.accessToken, { cookie: fgpCookie(jar) }) }),
    );
    expect(response.status).toBe(200);
  });

  it('the token without the cookie is TOKEN_INVALID', async () => {
    const app = await setupApp({ fingerprint: true });
    const { body } = await loginAs(app);
    const response = await app.app(req('/api/me', { headers: bearer(body.accessToken) }));
    const error = await errorOf(response);
    expect(error.code).toBe('TOKEN_INVALID');
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    const failed = app.events.filter((e) => e.type === 'verify.failed');
    expect(failed.at(-1)).toMatchObject({ reason: 'TOKEN_INVALID', claim: 'fgp' });
  });

  it('the token with another session’s cookie is TOKEN_INVALID', async () => {
    const app = await setupApp({ fingerprint: true });
    const victim = await loginAs(app);
    const attacker = await loginAs(app, 'bob');
    const response = await app.app(
      req('/api/me', {
        headers: bearer(victim.body.accessToken, { cookie: fgpCookie(attacker.jar) }),
      }),
    );
    expect((await errorOf(response)).code).toBe('TOKEN_INVALID');
  });

  it.each([
    ['a malformed cookie', 'not-a-fingerprint'],
    ['the digest itself as the cookie', 'DIGEST'],
  ])('the token with %s is TOKEN_INVALID', async (_, value) => {
    const app = await setupApp({ fingerprint: true });
    const { body } = await loginAs(app);
    const payload = JSON.parse(
      Buffer.from(body.accessToken.split('.')[1] ?? '', 'base64url').toString(),
    ) as { fgp: string };
    const cookie = `${FGP}=${value === 'DIGEST' ? payload.fgp : value}`;
    const response = await app.app(
      req('/api/me', { headers: bearer(body.accessToken, { cookie }) }),
    );
    expect((await errorOf(response)).code).toBe('TOKEN_INVALID');
  });

  it('a token minted without a fingerprint is refused by a fingerprinting verifier', async () => {
    const plain = await setupApp();
    const hardened = await setupApp({ fingerprint: true });
    const { body } = await loginAs(plain);
    const { jar } = await loginAs(hardened);
    const response = await hardened.app(
      req('/api/me', { headers: bearer(body.accessToken, { cookie: fgpCookie(jar) }) }),
    );
    expect((await errorOf(response)).code).toBe('TOKEN_INVALID');
  });

  it('refresh keeps the fingerprint cookie value, and the new token matches it', async () => {
    const app = await setupApp({ fingerprint: true });
    const { jar } = await loginAs(app);
    const response = await app.app(refreshRequest(jar));
    expect(response.status).toBe(200);
    const next = setCookies(response);
    expect(next.get(FGP)).toBe(jar.get(FGP));
    const { accessToken } = (await response.json()) as { accessToken: string };
    const me = await app.app(
      req('/api/me', { headers: bearer(accessToken, { cookie: fgpCookie(next) }) }),
    );
    expect(me.status).toBe(200);
  });

  it('refresh without a usable fingerprint cookie mints a new one', async () => {
    const app = await setupApp({ fingerprint: true });
    const { jar } = await loginAs(app);
    const withoutFgp = new Map(jar);
    withoutFgp.set(FGP, 'short');
    const response = await app.app(refreshRequest(withoutFgp));
    const next = setCookies(response);
    expect(next.get(FGP)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(next.get(FGP)).not.toBe(jar.get(FGP));
  });

  it('verifyAccess refuses to run: it cannot see the cookie', async () => {
    const app = await setupApp({ fingerprint: true });
    const { body } = await loginAs(app);
    await expect(app.auth.verifyAccess(body.accessToken)).rejects.toThrow(TypeError);
  });

  it('works with the access token in a cookie as well', async () => {
    const app = await setupApp({ fingerprint: true, tokenLocation: 'cookie' });
    const { jar } = await loginAs(app);
    const ok = await app.app(
      req('/api/me', { headers: { cookie: `${ACCESS}=${jar.get(ACCESS)}; ${fgpCookie(jar)}` } }),
    );
    expect(ok.status).toBe(200);
    const stolen = await app.app(
      req('/api/me', { headers: { cookie: `${ACCESS}=${jar.get(ACCESS)}` } }),
    );
    expect((await errorOf(stolen)).code).toBe('TOKEN_INVALID');
  });
});

describe('grace window through the facade', () => {
  it('two concurrent refreshes with the same cookie both succeed with the same refresh cookie', async () => {
    const app = await setupApp({ reuseGrace: '5s' });
    const { jar } = await loginAs(app);
    const [a, b] = await Promise.all([app.app(refreshRequest(jar)), app.app(refreshRequest(jar))]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const [ja, jb] = [setCookies(a), setCookies(b)];
    expect(ja.get(REFRESH)).toBe(jb.get(REFRESH));
    expect(ja.get(REFRESH)).not.toBe(jar.get(REFRESH));
    expect(await app.auth.listSessions('user-alice')).toHaveLength(1);
    // Both racers hold a cookie that keeps working.
    expect((await app.app(refreshRequest(ja))).status).toBe(200);
  });

  it('a retry inside the window gets the same successor; after it, reuse', async () => {
    const app = await setupApp({ reuseGrace: '5s' });
    const { jar } = await loginAs(app);
    const first = setCookies(await app.app(refreshRequest(jar)));
    app.advance(4);
    const retry = setCookies(await app.app(refreshRequest(jar)));
    expect(retry.get(REFRESH)).toBe(first.get(REFRESH));
    app.advance(2);
    expect((await errorOf(await app.app(refreshRequest(jar)))).code).toBe('REFRESH_TOKEN_REUSED');
  });

  it('keeps one fingerprint and one refresh cookie for concurrent refreshes in fingerprint mode', async () => {
    const app = await setupApp({ reuseGrace: '5s', fingerprint: true });
    const { jar } = await loginAs(app);
    const [a, b] = await Promise.all([app.app(refreshRequest(jar)), app.app(refreshRequest(jar))]);
    const [ja, jb] = [setCookies(a), setCookies(b)];
    expect(ja.get(REFRESH)).toBe(jb.get(REFRESH));
    expect([ja.get(FGP), jb.get(FGP)]).toEqual([jar.get(FGP), jar.get(FGP)]);
  });

  it('with reuseGrace 0 the second concurrent refresh is reuse and kills the family', async () => {
    const app = await setupApp({ reuseGrace: 0 });
    const { jar } = await loginAs(app);
    const first = await app.app(refreshRequest(jar));
    const second = await app.app(refreshRequest(jar));
    expect(first.status).toBe(200);
    expect((await errorOf(second)).code).toBe('REFRESH_TOKEN_REUSED');
    expect((await errorOf(await app.app(refreshRequest(setCookies(first))))).code).toBe(
      'SESSION_REVOKED',
    );
  });

  it('grace replies in cookie mode carry no token in their events', async () => {
    const app = await setupApp({ reuseGrace: '5s', tokenLocation: 'both' });
    const { jar } = await loginAs(app);
    const headers = { origin: ORIGIN, 'x-csrf-token': jar.get(CSRF) ?? '' };
    const [a, b] = await Promise.all([
      app.app(refreshRequest(jar, headers)),
      app.app(refreshRequest(jar, headers)),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const secrets = [...jar.values(), ...setCookies(a).values(), ...setCookies(b).values()];
    const tokens = tokenParts(secrets.filter((s) => s.includes('.')));
    const log = JSON.stringify(app.events);
    for (const secret of [...secrets, ...tokens].filter((s) => s.length > 8)) {
      expect(log).not.toContain(secret);
    }
    expect(cookieHeader(jar)).toContain(REFRESH);
  });
});
