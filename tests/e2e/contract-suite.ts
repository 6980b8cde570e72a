/**
 * The HTTP contract of DESIGN.md ("HTTP contract of the example apps" and
 * "Error codes"), run unchanged against an example app on a store over real
 * sockets with plain `fetch`. Time is an injected clock: expiry and the reuse
 * grace window are crossed by advancing it, never by sleeping; the stores
 * take their time from the engine, so the same clock rules them.
 */
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleName, type RunningExample, startExample } from './harness.js';
import { Agent, jwtPayload, type Reply, Recorder } from './http-agent.js';
import type { StoreBackend } from './store-backends.js';

/** An example app on a store. */
export interface ContractTarget {
  name: ExampleName;
  backend: StoreBackend;
}

const REFRESH_COOKIE = '__Secure-tw-refresh';
const ALICE = { username: 'alice', password: 'alice-password' };
const BOB = { username: 'bob', password: 'bob-password' };
const FOREIGN = 'https://evil.example';

interface Instance {
  readonly app: RunningExample;
  /** Moves the app's clock forward. */
  advance(ms: number): void;
  agent(userAgent?: string): Agent;
}

/** Starts the target with `env` for the enclosing describe, on its own clock and storage. */
function useExample(target: ContractTarget, recorder: Recorder, env: Record<string, string> = {}) {
  let now = Date.now();
  let app: RunningExample | undefined;
  beforeAll(async () => {
    const storeEnv = await target.backend.instanceEnv();
    app = await startExample(target.name, { ...storeEnv, ...env }, { clock: () => now });
  });
  afterAll(() => app?.close());
  const instance: Instance = {
    get app() {
      if (!app) throw new Error('example not started');
      return app;
    },
    advance: (ms) => {
      now += ms;
    },
    agent: (userAgent) => new Agent(instance.app.origin, recorder, userAgent),
  };
  return instance;
}

/** Logs `credentials` in on a fresh agent; returns it with its access token. */
async function loggedIn(
  instance: Instance,
  credentials = ALICE,
  userAgent?: string,
): Promise<{ agent: Agent; token: string; reply: Reply }> {
  const agent = instance.agent(userAgent);
  const reply = await agent.post('/auth/login', { json: credentials });
  expect(reply.status).toBe(200);
  return { agent, token: reply.json.accessToken, reply };
}

function expectError(reply: Reply, status: number, code: string): void {
  expect({ status: reply.status, body: reply.json }).toEqual({
    status,
    body: { error: { code, message: expect.any(String) } },
  });
  expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
}

function expectInvalidToken(reply: Reply, code: string): void {
  expectError(reply, 401, code);
  expect(reply.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
}

function expectTokenBody(reply: Reply, expiresIn = 900): void {
  expect(reply.status).toBe(200);
  expect(reply.json).toEqual({
    accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
    tokenType: 'Bearer',
    expiresIn,
  });
  expect(reply.headers.get('cache-control')).toBe('no-store');
}

function refreshCookieOf(reply: Reply) {
  const cookie = reply.setCookies.find((c) => c.name === REFRESH_COOKIE);
  if (!cookie) throw new Error('no refresh cookie set');
  return cookie;
}

/** Declares the whole contract for `target`, in one describe. */
export function describeContract(target: ContractTarget): void {
  describe(`${target.name} example on ${target.backend.kind}: HTTP contract`, () => {
    const recorder = new Recorder();
    for (const secret of [ALICE.password, BOB.password, 'wrong-password']) recorder.secret(secret);

    describe('POST /auth/login', () => {
      const ex = useExample(target, recorder);

      it('answers 200 with the token body, a hardened refresh cookie and no-store', async () => {
        const { reply } = await loggedIn(ex);
        expectTokenBody(reply);
        const cookie = refreshCookieOf(reply);
        // `<sessionId>.<generation>.<secret>`: an opaque handle, the secret at least 256 bits.
        expect(cookie.value).toMatch(/^[\w-]+\.(0|[1-9]\d*)\.[\w-]{43,}$/);
        expect(Object.fromEntries(cookie.attributes)).toEqual({
          httponly: true,
          secure: true,
          samesite: 'Strict',
          path: '/auth',
          'max-age': '604800',
        });
        expect(reply.setCookies.map((c) => c.name)).toEqual([REFRESH_COOKIE]);
      });

      it('issues a token with the configured TTL, subject and session', async () => {
        const { token } = await loggedIn(ex, BOB);
        const claims = jwtPayload(token);
        expect(claims).toMatchObject({ sub: 'u_bob', aud: 'tokenwarden-demo', iss: ex.app.origin });
        expect(Number(claims.exp) - Number(claims.iat)).toBe(900);
        expect(claims.sid).toEqual(expect.any(String));
      });

      it('answers an unknown user and a wrong password with the same 401', async () => {
        const agent = ex.agent();
        const unknown = await agent.post('/auth/login', {
          json: { username: 'mallory', password: 'alice-password' },
        });
        const wrong = await agent.post('/auth/login', {
          json: { username: 'alice', password: 'wrong-password' },
        });
        for (const reply of [unknown, wrong]) {
          expectError(reply, 401, 'INVALID_CREDENTIALS');
          expect(reply.headers.get('www-authenticate')).toBe('Bearer');
          expect(reply.setCookies).toEqual([]);
        }
        expect(wrong.text).toBe(unknown.text);
      });

      const malformed: [string, { body: string; type?: string }][] = [
        ['invalid JSON', { body: '{"username":"alice",' }],
        ['an empty JSON body', { body: '' }],
        ['text/plain', { body: JSON.stringify(ALICE), type: 'text/plain' }],
        [
          'a form body',
          { body: 'username=alice&password=x', type: 'application/x-www-form-urlencoded' },
        ],
        ['no content type', { body: JSON.stringify(ALICE), type: '' }],
        ['a missing password', { body: '{"username":"alice"}' }],
        ['a missing username', { body: '{"password":"alice-password"}' }],
        ['a numeric username', { body: '{"username":42,"password":"alice-password"}' }],
        ['an object password', { body: '{"username":"alice","password":{"$ne":""}}' }],
        ['an array', { body: '["alice","alice-password"]' }],
        ['null', { body: 'null' }],
        ['an empty username', { body: '{"username":"","password":"x"}' }],
      ];
      it.each(malformed)('answers 400 BAD_REQUEST to %s', async (_label, { body, type }) => {
        const reply = await ex
          .agent()
          .post('/auth/login', { body, headers: { 'content-type': type ?? 'application/json' } });
        expectError(reply, 400, 'BAD_REQUEST');
        expect(reply.setCookies).toEqual([]);
      });
    });

    describe('POST /auth/refresh', () => {
      const ex = useExample(target, recorder);

      it('rotates the refresh cookie and issues a working access token', async () => {
        const { agent, reply: login } = await loggedIn(ex);
        const first = refreshCookieOf(login).value;
        const reply = await agent.post('/auth/refresh');
        expectTokenBody(reply);
        const rotated = refreshCookieOf(reply);
        expect(rotated.value).not.toBe(first);
        expect(rotated.attributes.get('path')).toBe('/auth');
        expect(rotated.attributes.get('httponly')).toBe(true);
        const me = await agent.request('/api/me', { bearer: reply.json.accessToken });
        expect(me.status).toBe(200);
      });

      it('answers REFRESH_TOKEN_MISSING without a cookie, with a bare challenge', async () => {
        const reply = await ex.agent().post('/auth/refresh');
        expectError(reply, 401, 'REFRESH_TOKEN_MISSING');
        expect(reply.headers.get('www-authenticate')).toBe('Bearer');
      });

      it.each([
        ['garbage', 'not-a-refresh-token'],
        ['a well-formed unknown token', `rt_${'A'.repeat(43)}`],
        ['an overlong value', 'x'.repeat(5000)],
      ])('answers REFRESH_TOKEN_INVALID to %s', async (_label, value) => {
        const agent = ex.agent();
        agent.jar.set(REFRESH_COOKIE, value);
        expectInvalidToken(await agent.post('/auth/refresh'), 'REFRESH_TOKEN_INVALID');
      });

      it('gives a replay inside the grace window the same successor', async () => {
        const { agent } = await loggedIn(ex);
        const old = agent.jar.get(REFRESH_COOKIE)!;
        const first = refreshCookieOf(await agent.post('/auth/refresh')).value;
        ex.advance(1_000);
        const racer = ex.agent();
        racer.jar.set(REFRESH_COOKIE, old);
        const replay = await racer.post('/auth/refresh');
        expectTokenBody(replay);
        expect(refreshCookieOf(replay).value).toBe(first);
        // Both racers hold the same valid cookie: the session goes on.
        expectTokenBody(await agent.post('/auth/refresh'));
      });

      it('gives two simultaneous refreshes of one cookie the same successor', async () => {
        const { agent } = await loggedIn(ex);
        const tab = ex.agent();
        tab.jar.set(REFRESH_COOKIE, agent.jar.get(REFRESH_COOKIE)!);
        const [a, b] = await Promise.all([agent.post('/auth/refresh'), tab.post('/auth/refresh')]);
        expectTokenBody(a);
        expectTokenBody(b);
        expect(refreshCookieOf(a).value).toBe(refreshCookieOf(b).value);
        expectTokenBody(await tab.post('/auth/refresh'));
      });

      it('never extends the grace window to an older generation', async () => {
        const { agent } = await loggedIn(ex);
        const grandparent = agent.jar.get(REFRESH_COOKIE)!;
        expectTokenBody(await agent.post('/auth/refresh'));
        expectTokenBody(await agent.post('/auth/refresh'));
        const thief = ex.agent();
        thief.jar.set(REFRESH_COOKIE, grandparent);
        expectInvalidToken(await thief.post('/auth/refresh'), 'REFRESH_TOKEN_REUSED');
        expectInvalidToken(await agent.post('/auth/refresh'), 'SESSION_REVOKED');
      });

      it('never revokes for replays of the parent inside the grace window', async () => {
        const { agent } = await loggedIn(ex);
        const old = agent.jar.get(REFRESH_COOKIE)!;
        const successor = refreshCookieOf(await agent.post('/auth/refresh')).value;
        const replays: Reply[] = [];
        for (let i = 0; i < 4; i++) {
          const racer = ex.agent();
          racer.jar.set(REFRESH_COOKIE, old);
          replays.push(await racer.post('/auth/refresh'));
        }
        // Every replay gets the same successor (the cap, 64 by default, is far off),
        // and the session lives on: the holder of the successor refreshes normally.
        for (const reply of replays) expect(refreshCookieOf(reply).value).toBe(successor);
        expect((await agent.post('/auth/refresh')).status).toBe(200);
      });

      it('revokes the family when a rotated token is replayed after the grace window', async () => {
        const { agent } = await loggedIn(ex);
        const old = agent.jar.get(REFRESH_COOKIE)!;
        const rotated = await agent.post('/auth/refresh');
        const access = rotated.json.accessToken;
        ex.advance(6_000);
        const thief = ex.agent();
        thief.jar.set(REFRESH_COOKIE, old);
        expectInvalidToken(await thief.post('/auth/refresh'), 'REFRESH_TOKEN_REUSED');
        expectInvalidToken(await agent.post('/auth/refresh'), 'SESSION_REVOKED');
        // accessRevocation: 'session' in the examples: the access token dies too.
        expectInvalidToken(await agent.request('/api/me', { bearer: access }), 'TOKEN_REVOKED');
      });
    });

    describe('POST /auth/refresh with REUSE_GRACE=0', () => {
      const ex = useExample(target, recorder, { REUSE_GRACE: '0' });

      it('treats any replay of a rotated token as reuse and revokes the family', async () => {
        const { agent } = await loggedIn(ex);
        const old = agent.jar.get(REFRESH_COOKIE)!;
        expectTokenBody(await agent.post('/auth/refresh'));
        const thief = ex.agent();
        thief.jar.set(REFRESH_COOKIE, old);
        expectInvalidToken(await thief.post('/auth/refresh'), 'REFRESH_TOKEN_REUSED');
        expectInvalidToken(await agent.post('/auth/refresh'), 'SESSION_REVOKED');
        expectInvalidToken(await thief.post('/auth/refresh'), 'SESSION_REVOKED');
      });
    });

    describe('simultaneous refreshes with REUSE_GRACE=0', () => {
      const ex = useExample(target, recorder, { REUSE_GRACE: '0' });

      it('let exactly one racer rotate; the other is a reuse', async () => {
        const { agent } = await loggedIn(ex);
        const tab = ex.agent();
        tab.jar.set(REFRESH_COOKIE, agent.jar.get(REFRESH_COOKIE)!);
        const replies = await Promise.all([agent.post('/auth/refresh'), tab.post('/auth/refresh')]);
        const codes = replies.map((r) => r.json?.error?.code ?? r.status).sort();
        expect(codes).toEqual([200, 'REFRESH_TOKEN_REUSED']);
      });
    });

    describe('CSRF on /auth/refresh and /auth/logout', () => {
      const ex = useExample(target, recorder);

      const refused: [string, Record<string, string>][] = [
        ['a foreign Origin', { origin: FOREIGN }],
        ['Origin null', { origin: 'null' }],
        ['a foreign Referer without Origin', { referer: `${FOREIGN}/page` }],
        ['a foreign Origin with an own Referer', { origin: FOREIGN, referer: 'OWN/' }],
        ['a malformed Referer', { referer: 'not a url' }],
        ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
      ];
      for (const route of ['/auth/refresh', '/auth/logout']) {
        it.each(refused)(`${route} refuses %s with 403 CSRF_FAILED`, async (_label, headers) => {
          const { agent } = await loggedIn(ex);
          const own = Object.fromEntries(
            Object.entries(headers).map(([k, v]) => [k, v.replace('OWN', ex.app.origin)]),
          );
          const reply = await agent.post(route, { headers: own });
          expectError(reply, 403, 'CSRF_FAILED');
          expect(reply.setCookies).toEqual([]);
          // Refused before anything happened: the session is intact.
          expectTokenBody(await agent.post('/auth/refresh'));
        });
      }

      it.each([
        ['its own Origin', (origin: string) => ({ origin })],
        ['its own Referer', (origin: string) => ({ referer: `${origin}/` })],
        ['neither header (a non-browser client)', () => ({})],
      ])('lets a refresh with %s through', async (_label, headers) => {
        const { agent } = await loggedIn(ex);
        expectTokenBody(await agent.post('/auth/refresh', { headers: headers(ex.app.origin) }));
      });
    });

    describe('POST /auth/logout', () => {
      const ex = useExample(target, recorder);

      it('answers 204, clears the cookie and revokes the session and its access token', async () => {
        const { agent, token } = await loggedIn(ex);
        const cookie = agent.jar.get(REFRESH_COOKIE)!;
        const reply = await agent.post('/auth/logout', { headers: { origin: ex.app.origin } });
        expect(reply.status).toBe(204);
        expect(reply.text).toBe('');
        expect(reply.headers.get('cache-control')).toBe('no-store');
        const cleared = refreshCookieOf(reply);
        expect(cleared.value).toBe('');
        expect(cleared.attributes.get('max-age')).toBe('0');
        expect(cleared.attributes.get('path')).toBe('/auth');
        const again = ex.agent();
        again.jar.set(REFRESH_COOKIE, cookie);
        expectInvalidToken(await again.post('/auth/refresh'), 'SESSION_REVOKED');
        expectInvalidToken(await again.request('/api/me', { bearer: token }), 'TOKEN_REVOKED');
      });

      it('is idempotent: 204 without a cookie', async () => {
        const reply = await ex.agent().post('/auth/logout');
        expect(reply.status).toBe(204);
        expect(refreshCookieOf(reply).attributes.get('max-age')).toBe('0');
      });
    });

    describe('POST /auth/logout-all', () => {
      const ex = useExample(target, recorder);

      it('revokes every session of the user, and no other user', async () => {
        const phone = await loggedIn(ex, ALICE, 'phone');
        const laptop = await loggedIn(ex, ALICE, 'laptop');
        const bob = await loggedIn(ex, BOB);
        const phoneCookie = phone.agent.jar.get(REFRESH_COOKIE)!;
        const reply = await phone.agent.post('/auth/logout-all', { bearer: phone.token });
        expect(reply.status).toBe(204);
        expect(reply.text).toBe('');
        expect(refreshCookieOf(reply).attributes.get('max-age')).toBe('0');
        // The caller's jar was cleared by the response; replay its cookie anyway.
        phone.agent.jar.set(REFRESH_COOKIE, phoneCookie);
        for (const device of [phone, laptop]) {
          expectInvalidToken(await device.agent.post('/auth/refresh'), 'SESSION_REVOKED');
          const me = await device.agent.request('/api/me', { bearer: device.token });
          expectInvalidToken(me, 'TOKEN_REVOKED');
        }
        expect((await bob.agent.request('/api/me', { bearer: bob.token })).status).toBe(200);
        expectTokenBody(await bob.agent.post('/auth/refresh'));
      });

      it('answers 401 TOKEN_MISSING with a bare challenge without a Bearer token', async () => {
        const { agent } = await loggedIn(ex);
        const reply = await agent.post('/auth/logout-all');
        expectError(reply, 401, 'TOKEN_MISSING');
        expect(reply.headers.get('www-authenticate')).toBe('Bearer');
        // The refresh cookie alone does not log everyone out.
        expectTokenBody(await agent.post('/auth/refresh'));
      });

      it('answers TOKEN_INVALID to a garbage Bearer token', async () => {
        const reply = await ex.agent().post('/auth/logout-all', { bearer: 'garbage.token.here' });
        expectInvalidToken(reply, 'TOKEN_INVALID');
      });
    });

    describe('GET /api/me', () => {
      const ex = useExample(target, recorder);
      const other = useExample(target, recorder);

      it.each([
        [ALICE, { sub: 'u_alice', username: 'alice', role: 'admin' }],
        [BOB, { sub: 'u_bob', username: 'bob', role: 'user' }],
      ])('answers who %o is', async (credentials, expected) => {
        const { agent, token } = await loggedIn(ex, credentials);
        const reply = await agent.request('/api/me', { bearer: token });
        expect(reply.status).toBe(200);
        expect(reply.json).toEqual(expected);
      });

      it('answers TOKEN_MISSING without a token', async () => {
        const reply = await ex.agent().request('/api/me');
        expectError(reply, 401, 'TOKEN_MISSING');
        expect(reply.headers.get('www-authenticate')).toBe('Bearer');
      });

      it('does not accept the refresh cookie as an access token', async () => {
        const { agent } = await loggedIn(ex);
        expectError(await agent.request('/api/me'), 401, 'TOKEN_MISSING');
      });

      it('answers TOKEN_INVALID to garbage, a tampered token and another scheme', async () => {
        const { token } = await loggedIn(ex);
        const [header, payload, signature] = token.split('.') as [string, string, string];
        const forged = Buffer.from(
          JSON.stringify({ ...jwtPayload(token), sub: 'u_bob', role: 'admin' }),
        ).toString('base64url');
        const flipped =
          signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
        const agent = ex.agent();
        for (const bad of [
          'garbage',
          `${header}.${forged}.${signature}`,
          `${header}.${payload}.${flipped}`,
        ]) {
          expectInvalidToken(await agent.request('/api/me', { bearer: bad }), 'TOKEN_INVALID');
        }
        const basic = await agent.request('/api/me', {
          headers: { authorization: `Basic ${token}` },
        });
        expectInvalidToken(basic, 'TOKEN_INVALID');
        expect(basic.text).not.toContain(token);
      });

      it('answers TOKEN_INVALID to a token signed by another instance', async () => {
        const foreign = await loggedIn(other);
        const reply = await ex.agent().request('/api/me', { bearer: foreign.token });
        expectInvalidToken(reply, 'TOKEN_INVALID');
      });

      it('answers TOKEN_EXPIRED once the token is past exp plus the tolerance', async () => {
        const { agent, token } = await loggedIn(ex);
        ex.advance(900_000 + 4_000);
        expect((await agent.request('/api/me', { bearer: token })).status).toBe(200);
        ex.advance(2_000);
        expectInvalidToken(await agent.request('/api/me', { bearer: token }), 'TOKEN_EXPIRED');
        // The client's remedy works: refresh, then use the new token.
        const refreshed = await agent.post('/auth/refresh');
        expectTokenBody(refreshed);
        const me = await agent.request('/api/me', { bearer: refreshed.json.accessToken });
        expect(me.status).toBe(200);
      });
    });

    describe('/api/sessions', () => {
      const ex = useExample(target, recorder);

      it('lists the user’s sessions with exactly one current', async () => {
        const phone = await loggedIn(ex, ALICE, 'phone');
        await loggedIn(ex, ALICE, 'laptop');
        await loggedIn(ex, BOB, 'bob-device');
        const reply = await phone.agent.request('/api/sessions', { bearer: phone.token });
        expect(reply.status).toBe(200);
        const { sessions } = reply.json as { sessions: Record<string, unknown>[] };
        expect(sessions).toHaveLength(2);
        for (const session of sessions) {
          expect(Object.keys(session).sort()).toEqual([
            'createdAt',
            'current',
            'id',
            'lastUsedAt',
            'userAgent',
          ]);
          expect(new Date(String(session.createdAt)).toISOString()).toBe(session.createdAt);
          expect(new Date(String(session.lastUsedAt)).toISOString()).toBe(session.lastUsedAt);
        }
        const current = sessions.filter((s) => s.current);
        expect(current).toHaveLength(1);
        expect(current[0]).toMatchObject({ id: jwtPayload(phone.token).sid, userAgent: 'phone' });
        expect(sessions.map((s) => s.userAgent).sort()).toEqual(['laptop', 'phone']);
      });

      it('revokes another of my sessions: 204, and its refresh is then SESSION_REVOKED', async () => {
        const phone = await loggedIn(ex, BOB, 'phone');
        const laptop = await loggedIn(ex, BOB, 'laptop');
        const id = String(jwtPayload(laptop.token).sid);
        const reply = await phone.agent.request(`/api/sessions/${id}`, {
          method: 'DELETE',
          bearer: phone.token,
        });
        expect(reply.status).toBe(204);
        expectInvalidToken(await laptop.agent.post('/auth/refresh'), 'SESSION_REVOKED');
        const list = await phone.agent.request('/api/sessions', { bearer: phone.token });
        expect(list.json.sessions.map((s: { id: string }) => s.id)).not.toContain(id);
        expectTokenBody(await phone.agent.post('/auth/refresh'));
      });

      it('revokes my current session too: its refresh and access token then fail', async () => {
        const device = await loggedIn(ex, BOB, 'only-device');
        const id = String(jwtPayload(device.token).sid);
        const reply = await device.agent.request(`/api/sessions/${id}`, {
          method: 'DELETE',
          bearer: device.token,
        });
        expect(reply.status).toBe(204);
        expectInvalidToken(await device.agent.post('/auth/refresh'), 'SESSION_REVOKED');
        const me = await device.agent.request('/api/me', { bearer: device.token });
        expectInvalidToken(me, 'TOKEN_REVOKED');
      });

      it('answers 404 for an unknown id and for another user’s session', async () => {
        const alice = await loggedIn(ex, ALICE, 'alice-tablet');
        const bob = await loggedIn(ex, BOB, 'bob-tablet');
        const aliceSession = String(jwtPayload(alice.token).sid);
        for (const id of ['no-such-session', aliceSession]) {
          const reply = await bob.agent.request(`/api/sessions/${id}`, {
            method: 'DELETE',
            bearer: bob.token,
          });
          expect(reply.status).toBe(404);
        }
        expectTokenBody(await alice.agent.post('/auth/refresh'));
      });

      it('requires a Bearer token', async () => {
        const agent = ex.agent();
        expectError(await agent.request('/api/sessions'), 401, 'TOKEN_MISSING');
        const reply = await agent.request('/api/sessions/x', { method: 'DELETE' });
        expectError(reply, 401, 'TOKEN_MISSING');
      });
    });

    describe('GET /.well-known/jwks.json and GET /', () => {
      const ex = useExample(target, recorder);

      it('publishes public keys only, which verify the issued tokens', async () => {
        const reply = await ex.agent().request('/.well-known/jwks.json');
        expect(reply.status).toBe(200);
        // RFC 7517 §8.5; cached for less than the 15-minute key-rotation overlap.
        expect(reply.headers.get('content-type')).toMatch(/^application\/jwk-set\+json(;|$)/);
        expect(reply.headers.get('cache-control')).toBe('public, max-age=300');
        const { keys } = reply.json as { keys: Record<string, unknown>[] };
        expect(keys.length).toBeGreaterThan(0);
        for (const key of keys) {
          expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid: expect.any(String) });
          for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'])
            expect(key).not.toHaveProperty(secret);
        }
        const { token } = await loggedIn(ex);
        const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(reply.json), {
          issuer: ex.app.origin,
          audience: 'tokenwarden-demo',
          typ: 'at+jwt',
        });
        expect(payload.sub).toBe('u_alice');
        expect(keys.map((k) => k.kid)).toContain(protectedHeader.kid);
      });

      it('serves the demo page as HTML under a strict CSP', async () => {
        const reply = await ex.agent().request('/');
        expect(reply.status).toBe(200);
        expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
        expect(reply.text).toMatch(/<html/i);
        const csp = reply.headers.get('content-security-policy') ?? '';
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).not.toContain('unsafe-inline');
        expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
      });
    });

    // Runs after every describe above (vitest runs a file's tests in order).
    it('never echoed a token, a cookie value or a password in an error body', () => {
      expect(recorder.errorBodies.length).toBeGreaterThan(40);
      expect(recorder.secrets.size).toBeGreaterThan(40);
      for (const body of recorder.errorBodies) {
        for (const secret of recorder.secrets) expect(body).not.toContain(secret);
      }
    });
  });
}
