/**
 * HTTP latency of the Express example under load (autocannon): `GET /api/me`
 * with a Bearer token and `POST /auth/refresh` with rotating cookies. The
 * example runs in a child process so the load generator does not share its
 * event loop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { exampleEnv } from '../tests/helpers/example-env.js';
import { freePort } from '../tests/helpers/free-port.js';

export interface HttpLatency {
  route: string;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function startExpress(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/express/server.ts'], {
    // The pool of sessions is one user logging in many times from one address:
    // the suites' environment keeps the example's login throttling out of the way.
    env: { ...process.env, ...exampleEnv(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening on')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`example exited with ${code}`)));
  });
  return child;
}

// The example hashes at most 4 passwords at once and queues 32 (then 429):
// the session pool logs in that many at a time.
const LOGINS_AT_ONCE = 4;

// One browser: the example's refreshPolicy asks a refresh from another user
// agent than the login's to step up, so login and refresh send the same one.
const USER_AGENT = 'tokenwarden-bench';

async function login(origin: string): Promise<{ accessToken: string; cookie: string }> {
  const res = await fetch(`${origin}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT },
    body: JSON.stringify({ username: 'alice', password: 'alice-password' }),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}`);
  const { accessToken } = (await res.json()) as { accessToken: string };
  return { accessToken, cookie: res.headers.getSetCookie()[0]!.split(';')[0]! };
}

/** `count` sessions' refresh cookies, logged in a few at a time. */
async function loginPool(origin: string, count: number): Promise<string[]> {
  const cookies: string[] = [];
  while (cookies.length < count) {
    const batch = Math.min(LOGINS_AT_ONCE, count - cookies.length);
    const sessions = await Promise.all(Array.from({ length: batch }, () => login(origin)));
    cookies.push(...sessions.map((session) => session.cookie));
  }
  return cookies;
}

function summarize(route: string, connections: number, r: autocannon.Result): HttpLatency {
  return {
    route,
    connections,
    requests: r.requests.total,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx + r.errors,
  };
}

// Each refresh rotates the cookie, so every request takes a cookie from the
// pool and its response puts the successor back: no cookie is ever sent twice.
function refreshRequests(pool: string[]): autocannon.Request[] {
  return [
    {
      method: 'POST',
      path: '/auth/refresh',
      setupRequest: (req) => ({
        ...req,
        headers: { ...req.headers, cookie: pool.shift() ?? '', 'user-agent': USER_AGENT },
      }),
      onResponse: (_status, _body, _context, headers) => {
        // autocannon keeps the raw header names: Express sends `Set-Cookie`.
        const key = Object.keys(headers ?? {}).find((name) => name.toLowerCase() === 'set-cookie');
        const set = key ? headers?.[key] : undefined;
        const first = Array.isArray(set) ? set[0] : set;
        if (first) pool.push(first.split(';')[0]!);
      },
    },
  ];
}

/** Runs both routes against a fresh Express example and returns p50/p99 in ms. */
export async function httpLatency(smoke: boolean): Promise<HttpLatency[]> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const child = await startExpress(port);
  const connections = smoke ? 2 : 32;
  const duration = smoke ? 1 : 8;
  try {
    const { accessToken } = await login(origin);
    const me = await autocannon({
      url: `${origin}/api/me`,
      connections,
      duration,
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const pool = await loginPool(origin, connections * 2);
    const refresh = await autocannon({
      url: origin,
      connections,
      duration,
      requests: refreshRequests(pool),
    });
    return [
      summarize('GET /api/me', connections, me),
      summarize('POST /auth/refresh', connections, refresh),
    ];
  } finally {
    child.kill('SIGTERM');
  }
}
