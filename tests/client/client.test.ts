import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClientAuthError, createAuthClient } from '../../src/client/index.js';
import type { AuthClient, AuthClientOptions } from '../../src/client/index.js';
import { cookieFetch, startFixture } from './fixture-server.js';
import type { Fixture } from './fixture-server.js';

const ALICE = { username: 'alice', password: 'alice-password' };

let server: Fixture;
let clients: AuthClient[];
let clock: { now: number };

beforeEach(async () => {
  server = await startFixture();
  clients = [];
  clock = { now: server.clock.now };
});

afterEach(async () => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  for (const client of clients) client.dispose();
  await server.close();
});

function makeClient(options: AuthClientOptions = {}, jar = cookieFetch()) {
  const onSessionEnd = vi.fn();
  const client = createAuthClient({
    baseUrl: server.url,
    fetch: jar.fetch,
    clock: () => clock.now,
    onSessionEnd,
    channelName: `test-${crypto.randomUUID()}`,
    ...options,
  });
  clients.push(client);
  return { client, onSessionEnd, jar };
}

/** Two clients sharing a cookie jar and a channel, like two tabs; the first one logged in. */
async function twoTabs(wrapFirstFetch = (fetch: typeof globalThis.fetch) => fetch) {
  const channelName = `tabs-${crypto.randomUUID()}`;
  const jar = cookieFetch();
  const one = makeClient({ channelName, fetch: wrapFirstFetch(jar.fetch) }, jar);
  const two = makeClient({ channelName }, jar);
  await one.client.login(ALICE);
  await vi.waitFor(() => expect(two.client.isLoggedIn()).toBe(true));
  return { one, two, jar };
}

/** A cookie-jar fetch whose refresh requests fail as if offline, counted. */
function offlineRefresh() {
  const jar = cookieFetch();
  const calls = { refresh: 0 };
  const fetch: typeof globalThis.fetch = async (input, init) => {
    if (!String(input).endsWith('/auth/refresh')) return jar.fetch(input, init);
    calls.refresh++;
    throw new TypeError('fetch failed');
  };
  return { fetch, jar, calls };
}

/** Moves both clocks past the access token's expiry. */
function expireAccessToken(): void {
  clock.now += 61_000;
  server.clock.now += 61_000;
}

const count = (path: string) => server.counts[path] ?? 0;
const me = () => `${server.url}/api/me`;

describe('login', () => {
  it('keeps the access token in memory and sends it as a Bearer token', async () => {
    const setItem = vi.fn();
    const cookieWrites = vi.fn();
    vi.stubGlobal('localStorage', { setItem, getItem: () => null });
    vi.stubGlobal('sessionStorage', { setItem, getItem: () => null });
    vi.stubGlobal('document', {
      get cookie() {
        return '';
      },
      set cookie(value: string) {
        cookieWrites(value);
      },
    });
    const { client } = makeClient();
    await client.login(ALICE);
    const token = await client.getAccessToken();
    const res = await client.authFetch(me());

    expect(client.isLoggedIn()).toBe(true);
    expect(res.status).toBe(200);
    expect(server.lastHeaders['/api/me']?.authorization).toBe(`Bearer ${token}`);
    expect(setItem).not.toHaveBeenCalled();
    expect(cookieWrites).not.toHaveBeenCalled();
  });

  it('rejects with the server code and status, and stays logged out', async () => {
    const { client } = makeClient();
    const error = await client.login({ ...ALICE, password: 'wrong' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ClientAuthError);
    expect(error).toMatchObject({ code: 'INVALID_CREDENTIALS', status: 401 });
    expect(String((error as Error).message)).not.toContain('wrong');
    expect(client.isLoggedIn()).toBe(false);
  });

  it('refuses a 200 body outside the contract', async () => {
    const fetch = vi.fn(async () => Response.json({ accessToken: '', expiresIn: 60 }));
    const { client } = makeClient({ fetch });
    await expect(client.login(ALICE)).rejects.toMatchObject({ code: 'UNEXPECTED_RESPONSE' });
    expect(client.isLoggedIn()).toBe(false);
  });
});

describe('authFetch and refresh', () => {
  it.each([
    // The client knows the token expired: refresh before sending, 10 requests.
    ['the client knows the token expired', true, 10],
    // Only the server does (clock skew): 10 answers of TOKEN_EXPIRED, 10 retries.
    ['only the server says TOKEN_EXPIRED', false, 20],
  ])(
    'shares one refresh among 10 concurrent calls when %s',
    async (_name, clientKnows, requests) => {
      const { client } = makeClient();
      await client.login(ALICE);
      server.clock.now += 61_000;
      if (clientKnows) clock.now += 61_000;

      const responses = await Promise.all(Array.from({ length: 10 }, () => client.authFetch(me())));

      expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(count('/auth/refresh')).toBe(1);
      expect(count('/api/me')).toBe(requests);
    },
  );

  it.each([
    // A server that keeps saying TOKEN_EXPIRED gets one refresh and one retry, never a loop.
    ['TOKEN_EXPIRED', () => (server.knobs.alwaysExpired = true), 2, 1],
    // Any other 401 is returned as is: a refresh would not help.
    ['TOKEN_INVALID', () => server.forgetAccessTokens(), 1, 0],
  ])(
    'on a 401 %s, calls the API and refreshes a bounded number of times',
    async (code, breakTokens, calls, refreshes) => {
      const { client } = makeClient();
      await client.login(ALICE);
      breakTokens();

      const res = await client.authFetch(me());

      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code } });
      expect(count('/api/me')).toBe(calls);
      expect(count('/auth/refresh')).toBe(refreshes);
    },
  );

  it('does not retry a streamed body it could not send again', async () => {
    const { client } = makeClient();
    await client.login(ALICE);
    server.clock.now += 61_000;
    const body = new Blob(['payload']).stream();

    const res = await client.authFetch(`${server.url}/api/echo`, {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit);

    expect(res.status).toBe(401);
    expect(count('/api/echo')).toBe(1);
  });

  it('resends the body of a Request on the retry', async () => {
    const { client } = makeClient();
    await client.login(ALICE);
    server.clock.now += 61_000;
    const request = new Request(`${server.url}/api/echo`, { method: 'POST', body: 'payload' });

    const res = await client.authFetch(request, { headers: { 'x-extra': '1' } });

    expect(await res.json()).toEqual({ body: 'payload' });
    expect(count('/api/echo')).toBe(2);
    expect(server.lastHeaders['/api/echo']?.['x-extra']).toBe('1');
  });

  it('still reads the clock from the deprecated now option', async () => {
    const { client } = makeClient({ clock: undefined, now: () => clock.now });
    await client.login(ALICE);
    expireAccessToken();

    expect((await client.authFetch(me())).status).toBe(200);
    // The injected clock said "expired": refreshed before sending, no TOKEN_EXPIRED round trip.
    expect(count('/api/me')).toBe(1);
    expect(count('/auth/refresh')).toBe(1);
  });

  it('keeps the session through a reload: no token yet means one refresh first', async () => {
    const first = makeClient();
    await first.client.login(ALICE);
    const reloaded = makeClient({}, first.jar);

    expect(reloaded.client.isLoggedIn()).toBe(false);
    const res = await reloaded.client.authFetch(me());

    expect(res.status).toBe(200);
    expect(count('/auth/refresh')).toBe(1);
    expect(reloaded.client.isLoggedIn()).toBe(true);
  });

  it('will not send the access token to another origin', async () => {
    const { client } = makeClient();
    await client.login(ALICE);
    const before = count('/api/me');

    await expect(client.authFetch('https://evil.example/api/me')).rejects.toThrow(TypeError);
    await expect(client.authFetch(me().replace('127.0.0.1', 'localhost'))).rejects.toThrow(
      /tokenOrigins/,
    );
    expect(count('/api/me')).toBe(before);
  });

  it('sends the token to origins listed in tokenOrigins', async () => {
    const { client } = makeClient({ tokenOrigins: [`${server.url}/`.toUpperCase()] });
    await client.login(ALICE);
    expect((await client.authFetch(me())).status).toBe(200);
  });

  it('surfaces a network error during refresh without retrying it', async () => {
    const offline = offlineRefresh();
    const { client, onSessionEnd } = makeClient({ fetch: offline.fetch }, offline.jar);
    await client.login(ALICE);
    expireAccessToken();

    await expect(client.authFetch(me())).rejects.toThrow('fetch failed');
    await new Promise((resolve) => setTimeout(resolve, 10));

    expect(offline.calls.refresh).toBe(1);
    expect(onSessionEnd).not.toHaveBeenCalled();
    expect(client.isLoggedIn()).toBe(true);
  });
});

describe('session end', () => {
  it('calls onSessionEnd once when the refresh token is refused, and stops refreshing', async () => {
    const { client, onSessionEnd, jar } = makeClient();
    await client.login(ALICE);
    await client.refresh();
    jar.jar.set('rt', server.cookies().stale!);
    expireAccessToken();

    const error = await client.authFetch(me()).catch((e: unknown) => e);
    await expect(client.authFetch(me())).rejects.toMatchObject({ code: 'SESSION_ENDED' });
    expect(await client.getAccessToken()).toBeNull();
    await Promise.resolve();

    expect(error).toMatchObject({ code: 'REFRESH_TOKEN_REUSED', status: 401 });
    expect(onSessionEnd).toHaveBeenCalledTimes(1);
    expect(onSessionEnd).toHaveBeenCalledWith('refresh_failed');
    expect(client.isLoggedIn()).toBe(false);
    expect(count('/auth/refresh')).toBe(2);
  });

  it('a refresh answered STEP_UP_REQUIRED rejects with that code but does not end the session', async () => {
    const jar = cookieFetch();
    let askStepUp = true;
    const fetch: typeof globalThis.fetch = (input, init) =>
      askStepUp && String(input).endsWith('/auth/refresh')
        ? Promise.resolve(
            Response.json(
              { error: { code: 'STEP_UP_REQUIRED', message: 'Step up.' } },
              { status: 401 },
            ),
          )
        : jar.fetch(input, init);
    const { client, onSessionEnd } = makeClient({ fetch }, jar);
    await client.login(ALICE);
    expireAccessToken();
    await expect(client.authFetch(me())).rejects.toMatchObject({
      code: 'STEP_UP_REQUIRED',
      status: 401,
    });
    await Promise.resolve();
    expect(onSessionEnd).not.toHaveBeenCalled();
    expect(client.isLoggedIn()).toBe(true);
    askStepUp = false;
    expect((await client.authFetch(me())).status).toBe(200);
  });

  it('logout clears memory, revokes on the server and calls onSessionEnd once', async () => {
    const { client, onSessionEnd } = makeClient();
    await client.login(ALICE);
    await client.logout();
    await Promise.resolve();

    expect(client.isLoggedIn()).toBe(false);
    expect(await client.getAccessToken()).toBeNull();
    expect(count('/auth/logout')).toBe(1);
    expect(count('/auth/refresh')).toBe(0);
    expect(onSessionEnd).toHaveBeenCalledTimes(1);
    expect(onSessionEnd).toHaveBeenCalledWith('logout');
    await expect(client.refresh()).rejects.toMatchObject({ code: 'REFRESH_TOKEN_MISSING' });
    expect(onSessionEnd).toHaveBeenCalledTimes(1);
  });

  it('a refresh that completes after logout does not bring the session back', async () => {
    const { client } = makeClient();
    await client.login(ALICE);
    server.knobs.refreshDelayMs = 100;

    const refreshing = client.refresh().catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await client.logout();

    expect(await refreshing).toMatchObject({ code: 'SESSION_ENDED' });
    expect(client.isLoggedIn()).toBe(false);
    expect(await client.getAccessToken()).toBeNull();
  });

  it('a login waits for an in-flight refresh so the old session cannot overwrite its cookie', async () => {
    const { client, jar } = makeClient();
    await client.login(ALICE);
    server.knobs.refreshDelayMs = 100;

    const refreshing = client.refresh();
    await client.login(ALICE);
    await refreshing;

    expect(jar.jar.get('rt')).toBe(server.cookies().current);
    expect(client.isLoggedIn()).toBe(true);
  });

  it('logoutAll sends the Bearer token, then ends the session', async () => {
    const { client, onSessionEnd } = makeClient();
    await client.login(ALICE);
    const token = await client.getAccessToken();
    await client.logoutAll();
    await Promise.resolve();

    expect(server.lastHeaders['/auth/logout-all']?.authorization).toBe(`Bearer ${token}`);
    expect(client.isLoggedIn()).toBe(false);
    expect(onSessionEnd).toHaveBeenCalledWith('logout');
  });

  it('echoes the CSRF cookie on refresh and logout when configured', async () => {
    vi.stubGlobal('document', { cookie: 'other=1; csrf=abc%20def' });
    const { client } = makeClient({ csrfHeader: 'x-csrf-token', csrfCookie: 'csrf' });
    await client.login(ALICE);
    await client.refresh();
    await client.logout();

    expect(server.lastHeaders['/auth/refresh']?.['x-csrf-token']).toBe('abc def');
    expect(server.lastHeaders['/auth/logout']?.['x-csrf-token']).toBe('abc def');
  });

  it('sends no CSRF header unless configured', async () => {
    vi.stubGlobal('document', { cookie: 'csrf=abc' });
    const { client } = makeClient();
    await client.login(ALICE);
    await client.refresh();
    expect(server.lastHeaders['/auth/refresh']?.['x-csrf-token']).toBeUndefined();
  });
});

describe('refresh ahead of expiry', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });

  async function advance(ms: number): Promise<void> {
    clock.now += ms;
    await vi.advanceTimersByTimeAsync(ms);
  }

  async function settle(): Promise<void> {
    await vi.waitFor(() => expect(count('/auth/refresh')).toBeGreaterThan(0), { timeout: 2000 });
  }

  it.each<[string, number, AuthClientOptions['refreshAhead'], number]>([
    ['refreshAhead seconds before expiresIn runs out', 60, 30, 30_000],
    [
      'at half the lifetime when refreshAhead is longer, so short tokens do not loop',
      10,
      30,
      5_000,
    ],
    ['refreshAhead given as a duration string, like the server options', 180, '1m', 120_000],
    ['refreshAhead given as a string of digits (seconds)', 60, '20', 40_000],
  ])('refreshes %s', async (_name, accessTtl, refreshAhead, refreshAfterMs) => {
    server.knobs.accessTtl = accessTtl;
    const { client } = makeClient({ refreshAhead });
    await client.login(ALICE);

    await advance(refreshAfterMs - 100);
    expect(count('/auth/refresh')).toBe(0);
    await advance(100);
    await settle();
    expect(count('/auth/refresh')).toBe(1);
  });

  it('stops scheduled refreshes after logout and dispose', async () => {
    const a = makeClient();
    await a.client.login(ALICE);
    await a.client.logout();
    const b = makeClient();
    await b.client.login(ALICE);
    b.client.dispose();

    await advance(120_000);
    expect(count('/auth/refresh')).toBe(0);
  });
});

describe('timer limits', () => {
  it('neither refreshes nor spins for a lifetime beyond what setTimeout can hold', async () => {
    // Real timers: Node, like browsers, runs an over-long setTimeout after 1 ms.
    server.knobs.accessTtl = 10 ** 8;
    let clockReads = 0;
    const { client } = makeClient({
      clock: () => {
        clockReads++;
        return clock.now;
      },
    });
    await client.login(ALICE);
    clockReads = 0;

    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(count('/auth/refresh')).toBe(0);
    expect(clockReads).toBeLessThan(3);
  });
});

describe('signed out when the server says the session was revoked', () => {
  it.each(['TOKEN_REVOKED', 'SESSION_REVOKED'])(
    '%s ends the session, fires onSessionEnd("revoked") once and tells the other tabs',
    async (code) => {
      const { one, two } = await twoTabs();
      server.knobs.refuseAccess = code;
      const res = await one.client.authFetch(me());
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
      // No refresh is tried: a revoked session has nothing to refresh.
      expect(count('/auth/refresh')).toBe(0);
      expect(one.client.isLoggedIn()).toBe(false);
      await expect(one.client.authFetch(me())).rejects.toMatchObject({ code: 'SESSION_ENDED' });
      await vi.waitFor(() => expect(one.onSessionEnd).toHaveBeenCalledWith('revoked'));
      await vi.waitFor(() => expect(two.client.isLoggedIn()).toBe(false));
      expect(two.onSessionEnd).toHaveBeenCalledWith('revoked');
      expect(one.onSessionEnd).toHaveBeenCalledTimes(1);
      expect(two.onSessionEnd).toHaveBeenCalledTimes(1);
    },
  );

  it('a refresh refused for good signs every tab out, with reason refresh_failed', async () => {
    const { one, two } = await twoTabs();
    server.revokeAll();
    await expect(one.client.refresh()).rejects.toMatchObject({ code: 'SESSION_REVOKED' });
    expect(one.client.isLoggedIn()).toBe(false);
    await vi.waitFor(() => expect(two.client.isLoggedIn()).toBe(false));
    expect(two.onSessionEnd).toHaveBeenCalledWith('refresh_failed');
    expect(one.onSessionEnd).toHaveBeenCalledWith('refresh_failed');
  });

  it('does not end the session for other 401s (TOKEN_INVALID from another API)', async () => {
    const { client, onSessionEnd } = makeClient();
    await client.login(ALICE);
    server.knobs.refuseAccess = 'TOKEN_INVALID';
    expect((await client.authFetch(me())).status).toBe(401);
    expect(client.isLoggedIn()).toBe(true);
    expect(onSessionEnd).not.toHaveBeenCalled();
  });
});

describe('tabs without Web Locks (BroadcastChannel only)', () => {
  it('adopts the token another tab refreshed, and ends on its logout', async () => {
    const { one, two } = await twoTabs();

    clock.now += 1000;
    await one.client.refresh();
    const token = await one.client.getAccessToken();
    await vi.waitFor(async () => expect(await two.client.getAccessToken()).toBe(token));
    expect(count('/auth/refresh')).toBe(1);

    await one.client.logout();
    await vi.waitFor(() => expect(two.client.isLoggedIn()).toBe(false));
    expect(two.onSessionEnd).toHaveBeenCalledWith('logout');
    expect(two.onSessionEnd).toHaveBeenCalledTimes(1);
  });

  /** A logged-in client, and a way to post to its channel as another tab would. */
  async function clientAndPeer() {
    const channelName = `tabs-${crypto.randomUUID()}`;
    const { client } = makeClient({ channelName });
    await client.login(ALICE);
    const announce = async (accessToken: string, lifetimeMs: number) => {
      const peer = new BroadcastChannel(channelName);
      const expiresAtMs = clock.now + lifetimeMs;
      peer.postMessage({
        type: 'token',
        accessToken,
        expiresAtMs,
        refreshAtMs: expiresAtMs,
        login: false,
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      peer.close();
    };
    return { client, announce };
  }

  it('keeps its own token when another tab announces an older one', async () => {
    const { client, announce } = await clientAndPeer();
    const token = await client.getAccessToken();
    await announce('older', 1_000);
    expect(await client.getAccessToken()).toBe(token);
  });

  it('ignores a late refresh announced after this tab logged out', async () => {
    const { client, announce } = await clientAndPeer();
    await client.logout();
    await announce('late', 120_000);
    expect(client.isLoggedIn()).toBe(false);
  });
});

/**
 * A one-process stand-in for `navigator.locks`: FIFO, `ifAvailable`, and a
 * waiter is granted the lock in a microtask, before any BroadcastChannel
 * message (a task) can arrive, which real browsers do not rule out.
 */
function fakeLocks() {
  let held = false;
  const queue: (() => void)[] = [];
  type Callback = (lock: { name: string } | null) => unknown;
  return {
    async request(name: string, second: Callback | { ifAvailable?: boolean }, third?: Callback) {
      const callback = typeof second === 'function' ? second : third!;
      const ifAvailable = typeof second === 'function' ? false : second.ifAvailable;
      if (held && ifAvailable) return callback(null);
      if (held) await new Promise<void>((resolve) => queue.push(resolve));
      held = true;
      try {
        return await callback({ name });
      } finally {
        const next = queue.shift();
        if (next) next();
        else held = false;
      }
    },
  };
}

describe('tabs with Web Locks', () => {
  it('a tab granted the lock after another refreshed waits for its result instead of refreshing', async () => {
    vi.stubGlobal('navigator', { locks: fakeLocks() });
    const { one, two } = await twoTabs();
    server.knobs.refreshDelayMs = 50;

    await Promise.all([one.client.refresh(), two.client.refresh()]);

    expect(count('/auth/refresh')).toBe(1);
    expect(await two.client.getAccessToken()).toBe(await one.client.getAccessToken());
    expect(two.onSessionEnd).not.toHaveBeenCalled();
  });

  it('a tab that logged out while waiting for the lock does not refresh', async () => {
    vi.stubGlobal('navigator', { locks: fakeLocks() });
    const { one, two } = await twoTabs();
    server.knobs.refreshDelayMs = 100;
    const before = count('/auth/refresh');

    const first = one.client.refresh();
    const second = two.client.refresh().catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await two.client.logout();
    await first.catch(() => undefined);

    expect(await second).toMatchObject({ code: 'SESSION_ENDED' });
    expect(count('/auth/refresh')).toBe(before + 1);
  });

  it('a login waits for a refresh in another tab so the old session cannot overwrite its cookie', async () => {
    vi.stubGlobal('navigator', { locks: fakeLocks() });
    const { one, two, jar } = await twoTabs();
    server.knobs.refreshDelayMs = 100;

    const refreshing = two.client.refresh();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await one.client.login(ALICE);
    await refreshing;

    expect(jar.jar.get('rt')).toBe(server.cookies().current);
    await vi.waitFor(async () =>
      expect(await two.client.getAccessToken()).toBe(await one.client.getAccessToken()),
    );
  });

  it('refreshes itself when the tab holding the lock failed', async () => {
    vi.stubGlobal('navigator', { locks: fakeLocks() });
    const { one, two } = await twoTabs((fetch) => async (input, init) => {
      if (String(input).endsWith('/auth/refresh')) throw new TypeError('fetch failed');
      return fetch(input, init);
    });

    const [first, second] = await Promise.allSettled([one.client.refresh(), two.client.refresh()]);

    expect(first.status).toBe('rejected');
    expect(second.status).toBe('fulfilled');
    expect(count('/auth/refresh')).toBe(1);
  });
});

describe('degraded environments', () => {
  it('refreshes without a lock when Web Locks refuse the origin', async () => {
    const request = vi.fn(async () => {
      throw new DOMException('opaque origin', 'SecurityError');
    });
    vi.stubGlobal('navigator', { locks: { request } });
    const { client } = makeClient();
    await client.login(ALICE);

    await client.refresh();

    expect(request).toHaveBeenCalled();
    expect(count('/auth/refresh')).toBe(1);
  });

  it('surfaces an error raised while holding the lock instead of refreshing again', async () => {
    vi.stubGlobal('navigator', { locks: fakeLocks() });
    const offline = offlineRefresh();
    const { client } = makeClient({ fetch: offline.fetch }, offline.jar);
    await client.login(ALICE);

    await expect(client.refresh()).rejects.toThrow('fetch failed');
    expect(offline.calls.refresh).toBe(1);
  });

  it('keeps working as a single tab after dispose', async () => {
    const { client } = makeClient();
    client.dispose();
    await client.login(ALICE);
    await client.refresh();
    await client.logout();
    expect(client.isLoggedIn()).toBe(false);
  });
});

describe('configuration', () => {
  it.each<[string, AuthClientOptions]>([
    ['route without leading slash', { routes: { refresh: 'auth/refresh' } }],
    ['negative refreshAhead', { refreshAhead: -1 }],
    ['refreshAhead with an unknown unit', { refreshAhead: '30x' as '30s' }],
    ['refreshAhead with a fraction in a string', { refreshAhead: '1.5m' as '1m' }],
    ['negative refreshAhead string', { refreshAhead: '-1s' as '1s' }],
    ['empty refreshAhead string', { refreshAhead: '' as '0' }],
    ['non-function clock', { clock: 5 as unknown as () => number }],
    ['both clock and its deprecated name now', { clock: Date.now, now: Date.now }],
    ['csrfHeader without csrfCookie', { csrfHeader: 'x-csrf' }],
    ['csrfCookie without csrfHeader', { csrfCookie: 'csrf' }],
    ['bad header name', { csrfHeader: 'x csrf', csrfCookie: 'csrf' }],
    ['tokenOrigins with a path', { tokenOrigins: ['https://api.example.com/v1'] }],
    ['tokenOrigins that is not a URL', { tokenOrigins: ['api.example.com'] }],
    ['empty channelName', { channelName: '' }],
    ['non-function fetch', { fetch: 'nope' as unknown as typeof fetch }],
  ])('throws a TypeError for %s', (_name, options) => {
    expect(() => createAuthClient({ fetch, ...options })).toThrow(/^tokenwarden: /);
    expect(() => createAuthClient({ fetch, ...options })).toThrow(TypeError);
  });
});
