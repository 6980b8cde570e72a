/**
 * createWebHandler on the Web Request/Response API: routing, base path, body
 * limits, and one `Set-Cookie` header per cookie.
 */
import { describe, expect, it } from 'vitest';
import { createWebHandler } from '../../src/index.js';
import {
  ACCESS,
  CSRF,
  errorOf,
  loginAs,
  ORIGIN,
  REFRESH,
  req,
  setCookies,
  setupApp,
} from './harness.js';

const verifyCredentials = () => ({ subject: 'user-alice' });
const CREDENTIALS = { username: 'alice', password: 'alice-password' };

describe('routing', () => {
  it.each([
    ['an unknown path', () => req('/auth/nope', { body: CREDENTIALS })],
    ['GET on a route', () => req('/auth/login')],
    ['HEAD on a route', () => req('/auth/refresh', { method: 'HEAD' })],
    ['PUT on a route', () => req('/auth/logout', { method: 'PUT' })],
    ['a trailing slash', () => req('/auth/login/', { body: CREDENTIALS })],
    ['a route outside the base path', () => req('/login', { body: CREDENTIALS })],
    ['a prefix look-alike', () => req('/authx/login', { body: CREDENTIALS })],
  ])('answers undefined for %s', async (_, make) => {
    const { handle } = await setupApp();
    expect(await handle(make())).toBeUndefined();
  });

  it.each([
    ['/api/auth', '/api/auth/login'],
    ['/api/auth/', '/api/auth/login'],
    ['/', '/login'],
  ])('serves basePath %s at %s', async (basePath, path) => {
    const { auth } = await setupApp();
    const handle = createWebHandler({ auth, verifyCredentials, basePath });
    const response = await handle(req(path, { body: CREDENTIALS }));
    expect(response?.status).toBe(200);
    expect(await handle(req('/auth/login', { body: CREDENTIALS }))).toBeUndefined();
  });

  it('refuses a basePath that is not a path', async () => {
    const { auth } = await setupApp();
    expect(() => createWebHandler({ auth, verifyCredentials, basePath: 'auth' })).toThrow(
      /^tokenwarden: /,
    );
  });

  it('ignores the query string', async () => {
    const { handle } = await setupApp();
    const response = await handle(req('/auth/login?next=/home', { body: CREDENTIALS }));
    expect(response?.status).toBe(200);
  });

  it('hands the request to verifyCredentials and the user agent to the session', async () => {
    const { auth } = await setupApp();
    const seen: string[] = [];
    const handle = createWebHandler({
      auth,
      verifyCredentials: (credentials, request) => {
        seen.push(`${credentials.username}:${request.headers.get('x-tenant')}`);
        return { subject: 'user-alice' };
      },
    });
    await handle(
      req('/auth/login', {
        body: CREDENTIALS,
        headers: { 'x-tenant': 't1', 'user-agent': 'UA/1' },
      }),
    );
    expect(seen).toEqual(['alice:t1']);
    const [session] = await auth.listSessions('user-alice');
    expect(session?.userAgent).toBe('UA/1');
  });

  it('lets an error thrown by verifyCredentials propagate, with no session started', async () => {
    const { auth } = await setupApp();
    const handle = createWebHandler({
      auth,
      verifyCredentials: () => {
        throw new Error('user db down');
      },
    });
    await expect(handle(req('/auth/login', { body: CREDENTIALS }))).rejects.toThrow('user db down');
    expect(await auth.listSessions('user-alice')).toEqual([]);
  });
});

describe('request bodies', () => {
  const big = { username: 'alice', password: 'p'.repeat(20_000) };

  it('refuses a body over 16 KiB with a declared length', async () => {
    const { app } = await setupApp();
    const error = await errorOf(await app(req('/auth/login', { body: big })));
    expect(error.code).toBe('BAD_REQUEST');
  });

  it('stops reading a streamed body once it passes the limit', async () => {
    const { handle } = await setupApp();
    let pulled = 0;
    const chunk = new TextEncoder().encode(' '.repeat(1024));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Bounded so that a handler reading everything still finishes.
        if (pulled >= 4 * 1024 * 1024) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const request = new Request(`${ORIGIN}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);
    const response = await handle(request);
    expect(response?.status).toBe(400);
    expect(pulled).toBeLessThan(64 * 1024);
  });

  it('accepts a body just under the limit', async () => {
    const { app } = await setupApp();
    const padded = { ...CREDENTIALS, padding: 'x'.repeat(16_000) };
    expect((await app(req('/auth/login', { body: padded }))).status).toBe(200);
  });

  it('counts bytes, not UTF-16 code units', async () => {
    const { app } = await setupApp();
    // 6,000 three-byte characters: 18,000 bytes but 6,000 code units.
    const wide = { ...CREDENTIALS, padding: '\u20ac'.repeat(6_000) };
    expect((await errorOf(await app(req('/auth/login', { body: wide })))).code).toBe('BAD_REQUEST');
  });

  it('ignores bodies on refresh and logout', async () => {
    const { app } = await setupApp();
    const response = await app(req('/auth/refresh', { body: big, headers: { origin: ORIGIN } }));
    expect((await errorOf(response)).code).toBe('REFRESH_TOKEN_MISSING');
  });
});

describe('Set-Cookie headers', () => {
  it('appends each cookie as its own header', async () => {
    const app = await setupApp({ tokenLocation: 'both', fingerprint: true });
    const { response } = await loginAs(app);
    const lines = response.headers.getSetCookie();
    expect(lines).toHaveLength(4);
    expect([...setCookies(response).keys()].sort()).toEqual(
      [ACCESS, CSRF, '__Host-tw-fgp', REFRESH].sort(),
    );
    for (const line of lines) expect(line.split(/,\s*(?=[\w-]+=)/)).toHaveLength(1);
  });

  it('clears every cookie of the configuration on logout', async () => {
    const app = await setupApp({ tokenLocation: 'both', fingerprint: true });
    const { jar } = await loginAs(app);
    const response = await app.app(
      req('/auth/logout', {
        method: 'POST',
        headers: {
          origin: ORIGIN,
          cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
          'x-csrf-token': jar.get(CSRF) ?? '',
        },
      }),
    );
    expect(response.status).toBe(204);
    const cleared = setCookies(response);
    expect([...cleared.keys()].sort()).toEqual([ACCESS, CSRF, '__Host-tw-fgp', REFRESH].sort());
    expect([...cleared.values()].every((v) => v === '')).toBe(true);
    for (const line of response.headers.getSetCookie()) expect(line).toMatch(/Max-Age=0/);
  });
});
