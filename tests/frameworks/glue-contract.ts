/**
 * What every framework glue must do, written once over a tiny transport
 * (`Send`) that each framework's test file implements: supertest for
 * Express, `inject` for Fastify. Apps are built directly on `createAuth` and
 * the glue, with an injected clock and a store that can be made to fail.
 */
import { describe, expect, it } from 'vitest';
import {
  type Auth,
  type AuthOptions,
  createAuth,
  createKeySet,
  MemoryStore,
} from '../../src/index.js';

export const ORIGIN = 'https://app.example';
export const REFRESH_COOKIE = '__Secure-tw-refresh';
export const ALICE = { username: 'alice', password: 'alice-password' };
// What a real driver might put in its message: must never reach a response.
const DRIVER_MESSAGE = 'connect ECONNREFUSED 10.0.0.7:6379 (auth: s3cr3t-store-password)';

/** The request a test sends. */
export interface Sendable {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Raw body; give a `content-type` header with it. */
  body?: string;
}

/** What came back. */
export interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: inspected field by field
  json: any;
  setCookies: string[];
}

export type Send = (request: Sendable) => Promise<Sent>;

/** A glue app under test: the facade, its clock and store switches, and a transport. */
export interface Fixture {
  auth: Auth;
  send: Send;
  advance(ms: number): void;
  /** From now on every store call rejects (a lost backend). */
  breakStore(): void;
}

/** The app a framework test builds around `auth`; `/api/me` answers `{ subject, sessionId }` from `req.auth`. */
export type BuildApp = (auth: Auth) => Promise<Send>;

/** The one credential check every glue app uses. */
export function verifyCredentials({ username, password }: { username: string; password: string }) {
  return username === ALICE.username && password === ALICE.password ? { subject: 'u_alice' } : null;
}

/** The one step-up check every glue app uses: `{ "otp": "123456" }` proves `otp`. */
export function verifyStepUp({ body }: { body: unknown }) {
  return (body as { otp?: unknown } | null)?.otp === '123456' ? { amr: ['otp'] } : null;
}

/** A facade on an injected clock over a MemoryStore that `breakStore()` makes reject every call. */
export async function createFixture(
  build: BuildApp,
  options: Partial<AuthOptions> = {},
): Promise<Fixture> {
  let now = Date.parse('2030-01-01T00:00:00Z');
  const clock = () => now;
  let broken = false;
  const memory = new MemoryStore({ clock });
  const store = new Proxy(memory, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        broken ? Promise.reject(new Error(DRIVER_MESSAGE)) : value.apply(target, args);
    },
  });
  const auth = createAuth({
    issuer: ORIGIN,
    audience: 'glue-test',
    keys: await createKeySet({ keys: [{ alg: 'HS256', secret: new Uint8Array(32).fill(9) }] }),
    store,
    clock,
    refreshTtl: '1h',
    reuseGrace: 0,
    accessRevocation: 'session',
    ...options,
  });
  return {
    auth,
    send: await build(auth),
    advance: (ms) => {
      now += ms;
    },
    breakStore: () => {
      broken = true;
    },
  };
}

/** `JSON.parse`, or undefined for a body that is not JSON. */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The refresh cookie's value in a response, or undefined. */
export function refreshCookieOf(sent: Sent): string | undefined {
  const header = sent.setCookies.find((c) => c.startsWith(`${REFRESH_COOKIE}=`));
  return header?.slice(REFRESH_COOKIE.length + 1).split(';')[0];
}

export function withCookie(value: string, headers: Record<string, string> = {}) {
  return { ...headers, cookie: `${REFRESH_COOKIE}=${value}` };
}

export function loginRequest(credentials: unknown = ALICE): Sendable {
  return {
    method: 'POST',
    url: '/auth/login',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  };
}

/** Logs alice in; returns her access token and refresh cookie. */
export async function login(f: Fixture): Promise<{ token: string; cookie: string }> {
  const sent = await f.send(loginRequest());
  expect(sent.status).toBe(200);
  const cookie = refreshCookieOf(sent);
  if (!cookie) throw new Error('no refresh cookie');
  return { token: sent.json.accessToken, cookie };
}

const BARE = new Set(['TOKEN_MISSING', 'REFRESH_TOKEN_MISSING', 'INVALID_CREDENTIALS']);

/** Status, JSON body and `WWW-Authenticate` exactly as DESIGN's error table says. */
export function expectMapped(sent: Sent, code: string, status: number): void {
  expect({ status: sent.status, json: sent.json }).toEqual({
    status,
    json: { error: { code, message: expect.any(String) } },
  });
  expect(sent.headers['content-type']).toMatch(/^application\/json/);
  expect(sent.headers['cache-control']).toBe('no-store');
  const challenge = sent.headers['www-authenticate'];
  if (status !== 401) expect(challenge).toBeUndefined();
  else expect(challenge).toBe(BARE.has(code) ? 'Bearer' : 'Bearer error="invalid_token"');
}

const me = (token?: string): Sendable => ({
  method: 'GET',
  url: '/api/me',
  headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
});
const refresh = (cookie?: string, headers: Record<string, string> = {}): Sendable => ({
  method: 'POST',
  url: '/auth/refresh',
  headers: cookie === undefined ? headers : withCookie(cookie, headers),
});
const logout = (cookie?: string): Sendable => ({
  method: 'POST',
  url: '/auth/logout',
  headers: cookie === undefined ? {} : withCookie(cookie),
});
const logoutAll = (token: string): Sendable => ({
  method: 'POST',
  url: '/auth/logout-all',
  headers: { authorization: `Bearer ${token}` },
});

type Scenario = (f: Fixture) => Promise<Sent>;

/** One way to reach each stable error code through the glue. */
const ERROR_SCENARIOS: [code: string, status: number, scenario: Scenario][] = [
  ['TOKEN_MISSING', 401, (f) => f.send(me())],
  ['TOKEN_INVALID', 401, (f) => f.send(me('not.a.jwt'))],
  [
    'TOKEN_EXPIRED',
    401,
    async (f) => {
      const { token } = await login(f);
      f.advance(15 * 60_000 + 6_000);
      return f.send(me(token));
    },
  ],
  [
    'TOKEN_REVOKED',
    401,
    async (f) => {
      const { token, cookie } = await login(f);
      expect((await f.send(logout(cookie))).status).toBe(204);
      return f.send(me(token));
    },
  ],
  ['REFRESH_TOKEN_MISSING', 401, (f) => f.send(refresh())],
  ['REFRESH_TOKEN_INVALID', 401, (f) => f.send(refresh('garbage'))],
  [
    'REFRESH_TOKEN_EXPIRED',
    401,
    async (f) => {
      const { cookie } = await login(f);
      f.advance(2 * 3_600_000);
      return f.send(refresh(cookie));
    },
  ],
  [
    'REFRESH_TOKEN_REUSED',
    401,
    async (f) => {
      const { cookie } = await login(f);
      expect((await f.send(refresh(cookie))).status).toBe(200);
      return f.send(refresh(cookie));
    },
  ],
  [
    'SESSION_REVOKED',
    401,
    async (f) => {
      const { cookie } = await login(f);
      expect((await f.send(logout(cookie))).status).toBe(204);
      return f.send(refresh(cookie));
    },
  ],
  [
    'CSRF_FAILED',
    403,
    async (f) => f.send(refresh((await login(f)).cookie, { origin: 'https://evil.example' })),
  ],
  [
    'INVALID_CREDENTIALS',
    401,
    (f) => f.send(loginRequest({ username: 'alice', password: 'wrong-password' })),
  ],
  ['BAD_REQUEST', 400, (f) => f.send(loginRequest({ username: 'alice' }))],
  [
    'STORE_UNAVAILABLE',
    503,
    async (f) => {
      f.breakStore();
      return f.send(loginRequest());
    },
  ],
];

/** Store failures on every route that touches the store: 503, fail closed. */
const STORE_DOWN: [
  route: string,
  scenario: (f: Fixture, s: { token: string; cookie: string }) => Promise<Sent>,
][] = [
  ['login', (f) => f.send(loginRequest())],
  ['refresh', (f, s) => f.send(refresh(s.cookie))],
  ['logout', (f, s) => f.send(logout(s.cookie))],
  ['logout-all', (f, s) => f.send(logoutAll(s.token))],
  ['requireAuth (session check)', (f, s) => f.send(me(s.token))],
];

/** The shared glue suite. */
export function describeGlue(name: string, build: BuildApp): void {
  describe(`${name} glue: every error code mapped`, () => {
    it.each(ERROR_SCENARIOS)('%s → %i', async (code, status, scenario) => {
      const f = await createFixture(build);
      expectMapped(await scenario(f), code, status);
    });

    it.each(STORE_DOWN)(
      '%s fails closed with 503 when the store is down',
      async (_route, scenario) => {
        const f = await createFixture(build);
        const session = await login(f);
        f.breakStore();
        const sent = await scenario(f, session);
        expectMapped(sent, 'STORE_UNAVAILABLE', 503);
        expect(sent.text).not.toContain('ECONNREFUSED');
        expect(sent.text).not.toContain('s3cr3t');
        expect(sent.setCookies).toEqual([]);
      },
    );
  });

  describe(`${name} glue: login → refresh → logout`, () => {
    it('runs a whole session and sets the request’s auth context', async () => {
      const f = await createFixture(build);
      const first = await f.send(loginRequest());
      expect(first.status).toBe(200);
      expect(first.json).toEqual({
        accessToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 900,
      });
      expect(first.headers['cache-control']).toBe('no-store');
      const cookie = refreshCookieOf(first)!;
      expect(first.setCookies[0]).toMatch(/; Path=\/auth; .*HttpOnly; Secure; SameSite=Strict/);

      const whoami = await f.send(me(first.json.accessToken));
      expect(whoami.status).toBe(200);
      const { sid } = JSON.parse(
        atob(first.json.accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')),
      );
      expect(whoami.json).toEqual({ subject: 'u_alice', sessionId: sid });

      const rotated = await f.send(refresh(cookie, { origin: ORIGIN }));
      expect(rotated.status).toBe(200);
      const next = refreshCookieOf(rotated)!;
      expect(next).not.toBe(cookie);
      expect((await f.send(me(rotated.json.accessToken))).status).toBe(200);

      const out = await f.send({ ...logout(next), headers: withCookie(next, { origin: ORIGIN }) });
      expect(out.status).toBe(204);
      expect(out.text).toBe('');
      expect(out.setCookies.find((c) => c.startsWith(`${REFRESH_COOKIE}=;`))).toMatch(/Max-Age=0/);
      expectMapped(await f.send(refresh(next)), 'SESSION_REVOKED', 401);
      expectMapped(await f.send(me(rotated.json.accessToken)), 'TOKEN_REVOKED', 401);
    });

    it('logout-all revokes every session of the subject', async () => {
      const f = await createFixture(build);
      const a = await login(f);
      const b = await login(f);
      const out = await f.send(logoutAll(a.token));
      expect(out.status).toBe(204);
      for (const s of [a, b]) expectMapped(await f.send(refresh(s.cookie)), 'SESSION_REVOKED', 401);
    });
  });

  describe(`${name} glue: no response body contains a presented token`, () => {
    it('holds over every success and failure of a session', async () => {
      const f = await createFixture(build);
      const seen: string[] = [];
      const secrets = new Set<string>([ALICE.password, 'wrong-password']);
      const send = async (req: Sendable) => {
        const sent = await f.send(req);
        // Login and refresh successes carry new tokens by design; the rest must not echo any.
        if (sent.status !== 200 || req.url === '/api/me') seen.push(sent.text);
        return sent;
      };
      const { token, cookie } = await login(f);
      secrets.add(token).add(cookie);
      expect((await send(me(token))).status).toBe(200);
      const tampered = `${token.slice(0, -4)}AAAA`;
      const oversized = `${token}.${'x'.repeat(9000)}`;
      secrets.add(tampered).add(oversized);
      await send(loginRequest({ username: 'alice', password: 'wrong-password' }));
      await send(loginRequest({ username: ALICE.password, password: 42 }));
      await send(me(tampered));
      await send(me(oversized));
      await send({ method: 'GET', url: '/api/me', headers: { authorization: `Basic ${token}` } });
      await send(refresh(`${cookie}x`));
      await send(refresh(cookie, { origin: 'https://evil.example' }));
      const rotated = await send(refresh(cookie));
      secrets.add(refreshCookieOf(rotated)!).add(rotated.json.accessToken);
      await send(refresh(cookie));
      await send(refresh(refreshCookieOf(rotated)!));
      await send(me(rotated.json.accessToken));
      f.breakStore();
      await send(loginRequest());
      await send(refresh(cookie));
      expect(seen).toHaveLength(13);
      for (const text of seen) for (const secret of secrets) expect(text).not.toContain(secret);
    });
  });

  describe(`${name} glue: step-up (RFC 9470)`, () => {
    const sensitive = (token: string): Sendable => ({
      method: 'POST',
      url: '/api/sensitive',
      headers: { authorization: `Bearer ${token}` },
    });
    const stepUp = (otp: unknown, headers: Record<string, string>): Sendable => ({
      method: 'POST',
      url: '/auth/step-up',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ otp }),
    });

    it('requireAuth with maxAge and amr answers STEP_UP_REQUIRED until the step-up route is passed', async () => {
      const f = await createFixture(build);
      const { token } = await login(f);
      const refused = await f.send(sensitive(token));
      expect(refused.status).toBe(401);
      expect(refused.json.error.code).toBe('STEP_UP_REQUIRED');
      expect(refused.headers['www-authenticate']).toBe(
        'Bearer error="insufficient_user_authentication", error_description="A stronger authentication is required (otp).", max_age=300',
      );
      const bearer = { authorization: `Bearer ${token}` };
      const wrong = await f.send(stepUp('000000', bearer));
      expect(wrong.status).toBe(401);
      expect(wrong.json.error.code).toBe('INVALID_CREDENTIALS');
      const form = await f.send({
        ...stepUp('123456', bearer),
        headers: { ...bearer, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'otp=123456',
      });
      expect(form.status).toBe(400);
      const stepped = await f.send(stepUp('123456', bearer));
      expect(stepped.status).toBe(200);
      expect(stepped.headers['cache-control']).toBe('no-store');
      expect(stepped.setCookies).toEqual([]);
      expect((await f.send(sensitive(stepped.json.accessToken))).status).toBe(200);
      f.advance(301_000);
      const stale = await f.send(sensitive(stepped.json.accessToken));
      expect(stale.json.error.code).toBe('STEP_UP_REQUIRED');
      expect(stale.headers['www-authenticate']).toContain('A more recent authentication');
    });

    it('the step-up route also finds the session by the refresh cookie when the access token expired', async () => {
      const f = await createFixture(build);
      const { token, cookie } = await login(f);
      f.advance(16 * 60_000);
      const headers = { authorization: `Bearer ${token}`, origin: ORIGIN };
      const missing = await f.send(stepUp('123456', headers));
      expect(missing.json.error.code).toBe('TOKEN_EXPIRED');
      const foreign = await f.send(
        stepUp('123456', withCookie(cookie, { ...headers, origin: 'https://evil.example' })),
      );
      expect(foreign.status).toBe(403);
      const stepped = await f.send(stepUp('123456', withCookie(cookie, headers)));
      expect(stepped.status).toBe(200);
      expect((await f.send(sensitive(stepped.json.accessToken))).status).toBe(200);
    });
  });
}
