/**
 * Every stable error code reached through the facade and the Web handler,
 * with its status, JSON body, `WWW-Authenticate` challenge (RFC 6750 §3) and
 * `Cache-Control: no-store`. Plus: no response body or event ever carries a
 * token, and messages never echo what the client sent.
 */
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../src/index.js';
import { tokenParts } from '../helpers/rotation.js';
import {
  type App,
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

/** Asserts the DESIGN error shape and headers; returns the body's error. */
async function expectError(response: Response, code: keyof typeof ERROR_STATUS) {
  expect(response.status).toBe(ERROR_STATUS[code]);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.headers.get('cache-control')).toBe('no-store');
  expect(response.headers.getSetCookie()).toEqual([]);
  const body = (await response.json()) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(['error']);
  const error = body.error as { code: string; message: string };
  expect(Object.keys(error).sort()).toEqual(['code', 'message']);
  expect(error.code).toBe(code);
  expect(error.message.length).toBeGreaterThan(0);
  const challenge = response.headers.get('www-authenticate');
  if (response.status !== 401) expect(challenge).toBeNull();
  return { error, challenge };
}

const INVALID = 'Bearer error="invalid_token"';

const csrfOf = (jar: Map<string, string>) => ({ 'x-csrf-token': jar.get(CSRF) ?? '' });

function logout(jar: Map<string, string>, headers: Record<string, string> = { origin: ORIGIN }) {
  return req('/auth/logout', {
    method: 'POST',
    headers: { cookie: cookieHeader(jar), ...headers },
  });
}

async function tamper(app: App) {
  const { body } = await loginAs(app);
  const [h, p, s] = body.accessToken.split('.');
  const flipped = `${s?.[0] === 'A' ? 'B' : 'A'}${s?.slice(1)}`;
  return [`${h}.${p}.${flipped}`, body.accessToken] as const;
}

describe('access-token errors (GET /api/me)', () => {
  it('TOKEN_MISSING: bare Bearer challenge', async () => {
    const app = await setupApp();
    const { challenge } = await expectError(await app.app(req('/api/me')), 'TOKEN_MISSING');
    expect(challenge).toBe('Bearer');
  });

  it.each([
    ['garbage', 'Bearer not-a-jwt'],
    ['a non-Bearer scheme', 'Basic YWxpY2U6cGFzcw=='],
    ['an empty Bearer', 'Bearer '],
    ['two tokens', 'Bearer a.b.c, Bearer d.e.f'],
  ])('TOKEN_INVALID for %s', async (_, authorization) => {
    const app = await setupApp();
    const response = await app.app(req('/api/me', { headers: { authorization } }));
    const { challenge } = await expectError(response, 'TOKEN_INVALID');
    expect(challenge).toBe(INVALID);
  });

  it('TOKEN_INVALID for a tampered signature, and the message echoes nothing', async () => {
    const app = await setupApp();
    const [forged] = await tamper(app);
    const response = await app.app(req('/api/me', { headers: bearer(forged) }));
    const { error } = await expectError(response, 'TOKEN_INVALID');
    for (const part of tokenParts([forged])) expect(error.message).not.toContain(part);
  });

  it('TOKEN_INVALID for a token of another audience', async () => {
    const app = await setupApp();
    const other = await setupApp({ audience: 'other-app' });
    const { body } = await loginAs(other);
    const response = await app.app(req('/api/me', { headers: bearer(body.accessToken) }));
    await expectError(response, 'TOKEN_INVALID');
  });

  it('TOKEN_EXPIRED once the clock passes exp + tolerance', async () => {
    const app = await setupApp();
    const { body } = await loginAs(app);
    app.advance(900 + 4);
    expect((await app.app(req('/api/me', { headers: bearer(body.accessToken) }))).status).toBe(200);
    app.advance(1);
    const response = await app.app(req('/api/me', { headers: bearer(body.accessToken) }));
    const { challenge } = await expectError(response, 'TOKEN_EXPIRED');
    expect(challenge).toBe(INVALID);
  });

  describe('TOKEN_REVOKED in session mode', () => {
    it('after logout', async () => {
      const app = await setupApp({ accessRevocation: 'session' });
      const { body, jar } = await loginAs(app);
      expect((await app.app(logout(jar))).status).toBe(204);
      const response = await app.app(req('/api/me', { headers: bearer(body.accessToken) }));
      const { challenge } = await expectError(response, 'TOKEN_REVOKED');
      expect(challenge).toBe(INVALID);
    });

    it('after logout-all, for every session of the user and none of another', async () => {
      const app = await setupApp({ accessRevocation: 'session' });
      const one = await loginAs(app);
      const two = await loginAs(app);
      const bob = await loginAs(app, 'bob');
      const out = await app.app(
        req('/auth/logout-all', { method: 'POST', headers: bearer(one.body.accessToken) }),
      );
      expect(out.status).toBe(204);
      expect(out.headers.get('cache-control')).toBe('no-store');
      expect(out.headers.getSetCookie().some((c) => c.startsWith(`${REFRESH}=;`))).toBe(true);
      for (const token of [one.body.accessToken, two.body.accessToken]) {
        await expectError(
          await app.app(req('/api/me', { headers: bearer(token) })),
          'TOKEN_REVOKED',
        );
      }
      expect(
        (await app.app(req('/api/me', { headers: bearer(bob.body.accessToken) }))).status,
      ).toBe(200);
      await expectError(await app.app(refreshRequest(two.jar)), 'SESSION_REVOKED');
    });

    it('after revokeSession', async () => {
      const app = await setupApp({ accessRevocation: 'session' });
      const { body } = await loginAs(app);
      const { sessionId } = await app.auth.verifyAccess(body.accessToken);
      await app.auth.revokeSession('user-alice', sessionId);
      await expectError(
        await app.app(req('/api/me', { headers: bearer(body.accessToken) })),
        'TOKEN_REVOKED',
      );
    });
  });

  it('TOKEN_REVOKED in jti mode for the token presented at logout only', async () => {
    const app = await setupApp({ accessRevocation: 'jti' });
    const device = await loginAs(app);
    const other = await loginAs(app);
    const out = await app.app(
      logout(device.jar, bearer(device.body.accessToken, { origin: ORIGIN })),
    );
    expect(out.status).toBe(204);
    await expectError(
      await app.app(req('/api/me', { headers: bearer(device.body.accessToken) })),
      'TOKEN_REVOKED',
    );
    expect(
      (await app.app(req('/api/me', { headers: bearer(other.body.accessToken) }))).status,
    ).toBe(200);
  });

  it('jti mode: a logout with a non-Bearer Authorization header still logs out and clears cookies', async () => {
    const app = await setupApp({ accessRevocation: 'jti' });
    const { jar } = await loginAs(app);
    const out = await app.app(
      logout(jar, { origin: ORIGIN, authorization: 'Basic YWxpY2U6cGFzcw==' }),
    );
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().some((c) => c.startsWith(`${REFRESH}=;`))).toBe(true);
  });

  it('jti mode: a logout whose denylist write fails answers 503 (fail closed)', async () => {
    const app = await setupApp({ accessRevocation: 'jti' });
    const { body, jar } = await loginAs(app);
    app.state.hook = (method) => {
      if (method === 'denyJti') throw new Error('denylist unreachable');
      return undefined;
    };
    const out = await app.app(logout(jar, bearer(body.accessToken, { origin: ORIGIN })));
    await expectError(out, 'STORE_UNAVAILABLE');
  });

  it('logout-all without a token is TOKEN_MISSING and revokes nothing', async () => {
    const app = await setupApp();
    const { jar } = await loginAs(app);
    const out = await app.app(
      req('/auth/logout-all', { method: 'POST', headers: { origin: ORIGIN } }),
    );
    await expectError(out, 'TOKEN_MISSING');
    expect((await app.app(refreshRequest(jar))).status).toBe(200);
  });
});

describe('refresh-token errors (POST /auth/refresh)', () => {
  it('REFRESH_TOKEN_MISSING: bare Bearer challenge', async () => {
    const app = await setupApp();
    const response = await app.app(refreshRequest(new Map()));
    const { challenge } = await expectError(response, 'REFRESH_TOKEN_MISSING');
    expect(challenge).toBe('Bearer');
  });

  it.each([
    ['garbage', 'garbage'],
    ['a well-formed unknown token', `${'A'.repeat(22)}.${'B'.repeat(43)}`],
  ])('REFRESH_TOKEN_INVALID for %s', async (_, value) => {
    const app = await setupApp();
    const response = await app.app(refreshRequest(new Map([[REFRESH, value]])));
    const { challenge, error } = await expectError(response, 'REFRESH_TOKEN_INVALID');
    expect(challenge).toBe(INVALID);
    expect(error.message).not.toContain(value);
  });

  it('REFRESH_TOKEN_INVALID for a real token id with a wrong secret', async () => {
    const app = await setupApp();
    const { jar } = await loginAs(app);
    const token = jar.get(REFRESH) ?? '';
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    const forged = new Map([[REFRESH, `${token.slice(0, -1)}${last}`]]);
    await expectError(await app.app(refreshRequest(forged)), 'REFRESH_TOKEN_INVALID');
    expect((await app.app(refreshRequest(jar))).status).toBe(200);
  });

  it('REFRESH_TOKEN_EXPIRED after the idle lifetime', async () => {
    const app = await setupApp({ refreshTtl: '1h' });
    const { jar } = await loginAs(app);
    app.advance(3600);
    await expectError(await app.app(refreshRequest(jar)), 'REFRESH_TOKEN_EXPIRED');
  });

  it('REFRESH_TOKEN_EXPIRED after the absolute lifetime, even when used often', async () => {
    const app = await setupApp({ refreshTtl: '1h', absoluteTtl: '2h' });
    let { jar } = await loginAs(app);
    for (let i = 0; i < 3; i++) {
      app.advance(50 * 60);
      const response = await app.app(refreshRequest(jar));
      if (i < 2) {
        expect(response.status).toBe(200);
        jar = setCookies(response);
      } else await expectError(response, 'REFRESH_TOKEN_EXPIRED');
    }
  });

  it('REFRESH_TOKEN_REUSED after the grace window, then SESSION_REVOKED for the current token', async () => {
    const app = await setupApp({ reuseGrace: '5s' });
    const { jar: first } = await loginAs(app);
    const rotated = await app.app(refreshRequest(first));
    const current = setCookies(rotated);
    app.advance(6);
    const replay = await app.app(refreshRequest(first));
    const { challenge } = await expectError(replay, 'REFRESH_TOKEN_REUSED');
    expect(challenge).toBe(INVALID);
    await expectError(await app.app(refreshRequest(current)), 'SESSION_REVOKED');
    expect(app.events.some((e) => e.type === 'refresh.reuse_detected')).toBe(true);
  });

  it('SESSION_REVOKED after logout', async () => {
    const app = await setupApp();
    const { jar } = await loginAs(app);
    await app.app(logout(jar));
    const { challenge } = await expectError(await app.app(refreshRequest(jar)), 'SESSION_REVOKED');
    expect(challenge).toBe(INVALID);
  });
});

describe('CSRF_FAILED on the cookie routes', () => {
  const refused: [string, Record<string, string>][] = [
    ['a foreign Origin', { origin: FOREIGN }],
    ['a null Origin', { origin: 'null' }],
    ['a foreign Referer without Origin', { referer: `${FOREIGN}/page` }],
    ['a cross-site fetch', { origin: ORIGIN, 'sec-fetch-site': 'cross-site' }],
    ['the app origin on another port', { origin: 'https://app.example:8443' }],
    ['the app origin over http', { origin: 'http://app.example' }],
  ];

  it.each(refused)('refresh refuses %s and rotates nothing', async (_, headers) => {
    const app = await setupApp();
    const { jar } = await loginAs(app);
    const { challenge } = await expectError(
      await app.app(refreshRequest(jar, headers)),
      'CSRF_FAILED',
    );
    expect(challenge).toBeNull();
    expect((await app.app(refreshRequest(jar))).status).toBe(200);
  });

  it.each(refused)('logout refuses %s and revokes nothing', async (_, headers) => {
    const app = await setupApp();
    const { jar } = await loginAs(app);
    await expectError(await app.app(logout(jar, headers)), 'CSRF_FAILED');
    expect((await app.app(refreshRequest(jar))).status).toBe(200);
  });

  it('passes a request with neither Origin nor Referer (non-browser client)', async () => {
    const app = await setupApp();
    const { jar } = await loginAs(app);
    expect((await app.app(refreshRequest(jar, {}))).status).toBe(200);
  });

  it('passes a same-origin Referer without Origin', async () => {
    const app = await setupApp();
    const { jar } = await loginAs(app);
    expect((await app.app(refreshRequest(jar, { referer: `${ORIGIN}/app` }))).status).toBe(200);
  });
});

describe('login errors', () => {
  it('INVALID_CREDENTIALS: unknown user and wrong password answer byte for byte alike', async () => {
    const app = await setupApp();
    const unknown = await app.app(
      req('/auth/login', { body: { username: 'mallory', password: 'x' } }),
    );
    const wrong = await app.app(req('/auth/login', { body: { username: 'alice', password: 'x' } }));
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect([...unknown.headers]).toEqual([...wrong.headers]);
    const [a, b] = [await unknown.text(), await wrong.text()];
    expect(a).toBe(b);
    expect(JSON.parse(a).error.code).toBe('INVALID_CREDENTIALS');
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer');
    expect(a).not.toContain('mallory');
    expect(await app.auth.listSessions('user-alice')).toEqual([]);
  });

  const badBodies: [string, { raw?: string; body?: unknown; type?: string }][] = [
    ['non-JSON', { raw: '{"username":', type: 'application/json' }],
    [
      'a form body',
      { raw: 'username=alice&password=alice-password', type: 'application/x-www-form-urlencoded' },
    ],
    [
      'text/plain JSON',
      { raw: '{"username":"alice","password":"alice-password"}', type: 'text/plain' },
    ],
    [
      'a JSON look-alike type',
      { raw: '{"username":"alice","password":"alice-password"}', type: 'application/json-seq' },
    ],
    ['no content type', { raw: '{"username":"alice","password":"alice-password"}' }],
    ['a missing password', { body: { username: 'alice' } }],
    ['a numeric password', { body: { username: 'alice', password: 1234 } }],
    ['an array body', { body: [{ username: 'alice', password: 'alice-password' }] }],
    ['a JSON string', { body: 'alice' }],
    ['JSON null', { raw: 'null', type: 'application/json' }],
    ['an empty username', { body: { username: '', password: 'x' } }],
  ];
  it.each(badBodies)('BAD_REQUEST for %s', async (_, init) => {
    const app = await setupApp();
    const headers: Record<string, string> = init.type ? { 'content-type': init.type } : {};
    const request =
      init.raw !== undefined
        ? req('/auth/login', { method: 'POST', raw: init.raw, headers })
        : req('/auth/login', { body: init.body, headers });
    if (!init.type && init.raw !== undefined) {
      // Request defaults a string body to text/plain; strip it for "no content type".
      const bare = new Request(request.url, { method: 'POST', body: new Blob([init.raw]) });
      await expectError(await app.app(bare), 'BAD_REQUEST');
      return;
    }
    const { error } = await expectError(await app.app(request), 'BAD_REQUEST');
    expect(error.message).not.toContain('alice-password');
  });

  it('accepts application/json with a charset parameter', async () => {
    const app = await setupApp();
    const response = await app.app(
      req('/auth/login', {
        body: { username: 'alice', password: 'alice-password' },
        headers: { 'content-type': 'Application/JSON; charset=utf-8' },
      }),
    );
    expect(response.status).toBe(200);
  });
});

describe('STORE_UNAVAILABLE: a store that throws fails closed with 503', () => {
  it.each(['login', 'refresh', 'logout', 'logout-all', 'session check'] as const)(
    '%s',
    async (route) => {
      const app = await setupApp({ accessRevocation: 'session' });
      const { body, jar } = await loginAs(app);
      app.state.failure = new Error('connection refused to db.internal:5432');
      const request = {
        login: () =>
          req('/auth/login', { body: { username: 'alice', password: 'alice-password' } }),
        refresh: () => refreshRequest(jar),
        logout: () => logout(jar),
        'logout-all': () =>
          req('/auth/logout-all', { method: 'POST', headers: bearer(body.accessToken) }),
        'session check': () => req('/api/me', { headers: bearer(body.accessToken) }),
      }[route]();
      const { error } = await expectError(await app.app(request), 'STORE_UNAVAILABLE');
      expect(error.message).not.toContain('db.internal');
    },
  );
});

describe('nothing leaks a token', () => {
  it('no response body or event contains a presented token, refresh token or password', async () => {
    const app = await setupApp({ accessRevocation: 'session', tokenLocation: 'both' });
    const bodies: string[] = [];
    const send = async (request: Request) => {
      const response = await app.app(request);
      bodies.push(await response.clone().text());
      return response;
    };
    const login = await send(
      req('/auth/login', { body: { username: 'alice', password: 'alice-password' } }),
    );
    const jar = setCookies(login);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const refreshed = await send(refreshRequest(jar, csrfOf(jar)));
    const next = setCookies(refreshed);
    app.advance(6);
    await send(refreshRequest(jar, csrfOf(jar))); // reuse: family revoked
    await send(refreshRequest(next, csrfOf(next)));
    await send(req('/api/me', { headers: bearer(accessToken) }));
    await send(req('/api/me', { headers: bearer(`${accessToken}x`) }));
    await send(req('/api/me', { headers: { cookie: cookieHeader(jar) } }));
    await send(req('/auth/login', { body: { username: 'alice', password: 'wrong-password' } }));
    await send(
      req('/auth/logout', {
        method: 'POST',
        headers: { cookie: cookieHeader(next), ...csrfOf(next) },
      }),
    );

    // The login and refresh bodies legitimately carry the access token they mint.
    const minted = new Set([bodies[0], bodies[1]]);
    const secrets = [
      ...tokenParts([accessToken]),
      ...[...jar.values(), ...next.values()].filter((v) => v.length > 0),
      'alice-password',
      'wrong-password',
    ];
    const serialized = [
      ...bodies.filter((b) => !minted.has(b)),
      ...app.events.map((e) => JSON.stringify(e)),
    ];
    expect(app.events.length).toBeGreaterThan(5);
    for (const text of serialized) for (const secret of secrets) expect(text).not.toContain(secret);
    for (const body of minted) {
      for (const refresh of [jar.get(REFRESH), next.get(REFRESH)]) {
        expect(body).not.toContain(refresh);
      }
    }
  });

  it('error messages are fixed text, whatever the input', async () => {
    const app = await setupApp();
    const probe = 'PROBE<script>"\u2028';
    const ascii = 'PROBE-abc.def';
    const responses = await Promise.all([
      app.app(req('/api/me', { headers: { authorization: `Bearer ${ascii}` } })),
      app.app(req('/api/me', { headers: { authorization: `Token ${ascii}` } })),
      app.app(refreshRequest(new Map([[REFRESH, ascii]]))),
      app.app(req('/auth/login', { body: { username: probe, password: probe } })),
      app.app(
        req('/auth/login', {
          method: 'POST',
          raw: probe,
          headers: { 'content-type': 'application/json' },
        }),
      ),
    ]);
    for (const response of responses) {
      const error = await errorOf(response);
      expect(error.message).not.toContain('PROBE');
    }
  });
});
