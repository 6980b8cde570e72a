/**
 * DESIGN decision 6 over HTTP, against both example apps (memory store, as
 * the e2e harness starts them): a page with many requests in flight sends
 * the same refresh cookie many times at once, and must never be logged out.
 * Plain `fetch`; time is an injected clock, never a sleep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleName, type RunningExample, startExample } from './harness.js';

const REFRESH_COOKIE = '__Secure-tw-refresh';
const ALICE = { username: 'alice', password: 'alice-password' };

interface Refreshed {
  status: number;
  code: string | undefined;
  retryAfter: string | null;
  accessToken: string | undefined;
  /** The refresh cookie's new value, when one was set. */
  cookie: string | undefined;
}

function refreshCookieOf(response: Response): string | undefined {
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(';')[0] ?? '';
    const eq = pair.indexOf('=');
    if (pair.slice(0, eq) === REFRESH_COOKIE) return pair.slice(eq + 1);
  }
  return undefined;
}

async function login(origin: string): Promise<string> {
  const response = await fetch(`${origin}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ALICE),
  });
  expect(response.status).toBe(200);
  await response.arrayBuffer();
  const cookie = refreshCookieOf(response);
  if (cookie === undefined) throw new Error('login set no refresh cookie');
  return cookie;
}

async function refresh(origin: string, cookie: string): Promise<Refreshed> {
  const response = await fetch(`${origin}/auth/refresh`, {
    method: 'POST',
    headers: { cookie: `${REFRESH_COOKIE}=${cookie}`, origin },
  });
  const body = (await response.json()) as {
    accessToken?: string;
    error?: { code: string };
  };
  return {
    status: response.status,
    code: body.error?.code,
    retryAfter: response.headers.get('retry-after'),
    accessToken: body.accessToken,
    cookie: refreshCookieOf(response),
  };
}

function parallel(origin: string, cookie: string, n: number): Promise<Refreshed[]> {
  return Promise.all(Array.from({ length: n }, () => refresh(origin, cookie)));
}

async function me(origin: string, accessToken: string | undefined): Promise<number> {
  const response = await fetch(`${origin}/api/me`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  await response.arrayBuffer();
  return response.status;
}

/** All 200, all with the same new refresh cookie; returns it. */
function sameSuccessor(results: Refreshed[], parent: string): string {
  expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
  const successors = new Set(results.map((r) => r.cookie));
  expect(successors.size).toBe(1);
  const successor = results[0]!.cookie!;
  expect(successor).not.toBe(parent);
  return successor;
}

describe.each<ExampleName>(['express', 'fastify', 'hono'])('%s: parallel refreshes', (name) => {
  let now = Date.now();
  let app: RunningExample | undefined;
  const origin = () => app!.origin;
  beforeAll(async () => {
    app = await startExample(name, { REUSE_GRACE: '5s' }, { clock: () => now });
  });
  afterAll(() => app?.close());

  it('64 parallel POST /auth/refresh with one cookie: all 200 with the same successor, and the session still works', async () => {
    const parent = await login(origin());
    const results = await parallel(origin(), parent, 64);
    const successor = sameSuccessor(results, parent);
    for (const r of results) expect(await me(origin(), r.accessToken)).toBe(200);
    const next = await refresh(origin(), successor);
    expect(next.status).toBe(200);
    expect(await me(origin(), next.accessToken)).toBe(200);
  });

  it('ten parallel, then an eleventh after the rotation inside the window: no revocation', async () => {
    const parent = await login(origin());
    const successor = sameSuccessor(await parallel(origin(), parent, 10), parent);
    now += 4_000;
    const eleventh = await refresh(origin(), parent);
    expect(eleventh).toMatchObject({ status: 200, cookie: successor });
    const next = await refresh(origin(), successor);
    expect(next.status).toBe(200);
    expect(await me(origin(), next.accessToken)).toBe(200);
  });

  it('64 replays after the rotation are served; the 65th is refused with 429 RATE_LIMITED and Retry-After, nothing revoked', async () => {
    const parent = await login(origin());
    const first = await refresh(origin(), parent);
    expect(first.status).toBe(200);
    now += 1_000;
    const successor = sameSuccessor(await parallel(origin(), parent, 64), parent);
    expect(successor).toBe(first.cookie);
    const over = await refresh(origin(), parent);
    expect(over).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfter: '1' });
    const next = await refresh(origin(), successor);
    expect(next.status).toBe(200);
    expect(await me(origin(), next.accessToken)).toBe(200);
  });

  it('after the window the same replay is reuse and ends the session', async () => {
    const parent = await login(origin());
    const successor = (await refresh(origin(), parent)).cookie!;
    now += 5_000;
    expect(await refresh(origin(), parent)).toMatchObject({
      status: 401,
      code: 'REFRESH_TOKEN_REUSED',
    });
    expect(await refresh(origin(), successor)).toMatchObject({
      status: 401,
      code: 'SESSION_REVOKED',
    });
  });
});
