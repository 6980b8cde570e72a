/**
 * A tiny server speaking the auth HTTP contract (DESIGN "HTTP contract of the
 * example apps"), with counters and knobs, so the client is tested against
 * real HTTP before the example apps exist.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureOptions {
  /** Access-token lifetime announced in `expiresIn`, in seconds. */
  accessTtl?: number;
  /** Extra routes served as-is (the browser test's page and bundle). */
  files?: Record<string, { type: string; body: string }>;
}

export interface Fixture {
  url: string;
  /** Requests per route, e.g. `counts['/auth/refresh']`. */
  counts: Record<string, number>;
  /** Request headers seen per route, last one wins. */
  lastHeaders: Record<string, IncomingMessage['headers']>;
  /** Server clock in ms; tests move it to expire access tokens. */
  clock: { now: number };
  /** Knobs. */
  knobs: {
    alwaysExpired: boolean;
    refreshDelayMs: number;
    accessTtl: number;
    /** Refuse every access token with this code (`TOKEN_REVOKED`, `SESSION_REVOKED`). */
    refuseAccess?: string;
  };
  /** Forgets every access token, so each one becomes TOKEN_INVALID. */
  forgetAccessTokens(): void;
  /** Revokes every session (as a server-side logout-all would). */
  revokeAll(): void;
  /** The refresh cookie value the server currently accepts, and an older one. */
  cookies(): { current: string | undefined; stale: string | undefined };
  close(): Promise<void>;
}

interface Family {
  generation: number;
  revoked: boolean;
}

const COOKIE = 'rt';

export async function startFixture(options: FixtureOptions = {}): Promise<Fixture> {
  const families = new Map<string, Family>();
  const accessTokens = new Map<string, number>();
  let lastFamily: string | undefined;
  let issued = 0;
  const fixture = {
    url: '',
    counts: {} as Record<string, number>,
    lastHeaders: {} as Record<string, IncomingMessage['headers']>,
    clock: { now: Date.now() },
    knobs: {
      alwaysExpired: false,
      refreshDelayMs: 0,
      accessTtl: options.accessTtl ?? 60,
    } as Fixture['knobs'],
    forgetAccessTokens() {
      accessTokens.clear();
    },
    revokeAll() {
      for (const family of families.values()) family.revoked = true;
    },
    cookies() {
      const family = lastFamily ? families.get(lastFamily) : undefined;
      if (!lastFamily || !family) return { current: undefined, stale: undefined };
      const stale = family.generation > 1 ? `${lastFamily}.${family.generation - 1}` : undefined;
      return { current: `${lastFamily}.${family.generation}`, stale };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  function issueTokens(res: ServerResponse, family: string, generation: number): void {
    const accessToken = `at-${++issued}-${crypto.randomUUID()}`;
    accessTokens.set(accessToken, fixture.clock.now + fixture.knobs.accessTtl * 1000);
    res.setHeader(
      'set-cookie',
      `${COOKIE}=${family}.${generation}; Path=/auth; HttpOnly; SameSite=Strict`,
    );
    json(res, 200, { accessToken, tokenType: 'Bearer', expiresIn: fixture.knobs.accessTtl });
  }

  function bearer(req: IncomingMessage, res: ServerResponse): boolean {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return fail(res, 401, 'TOKEN_MISSING');
    const exp = accessTokens.get(token);
    if (exp === undefined) return fail(res, 401, 'TOKEN_INVALID');
    if (fixture.knobs.refuseAccess) return fail(res, 401, fixture.knobs.refuseAccess);
    if (fixture.knobs.alwaysExpired || fixture.clock.now >= exp)
      return fail(res, 401, 'TOKEN_EXPIRED');
    return true;
  }

  async function refresh(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [familyId, generation] = (readCookie(req, COOKIE) ?? '').split('.');
    if (!familyId) return void fail(res, 401, 'REFRESH_TOKEN_MISSING');
    const family = families.get(familyId);
    if (!family) return void fail(res, 401, 'REFRESH_TOKEN_INVALID');
    if (family.revoked) return void fail(res, 401, 'SESSION_REVOKED');
    if (Number(generation) !== family.generation) {
      family.revoked = true;
      return void fail(res, 401, 'REFRESH_TOKEN_REUSED');
    }
    family.generation++;
    if (fixture.knobs.refreshDelayMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, fixture.knobs.refreshDelayMs));
    }
    issueTokens(res, familyId, family.generation);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    fixture.counts[path] = (fixture.counts[path] ?? 0) + 1;
    fixture.lastHeaders[path] = req.headers;
    const body = await readBody(req);
    const file = options.files?.[path];
    if (file) {
      res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' });
      return void res.end(file.body);
    }
    switch (`${req.method} ${path}`) {
      case 'POST /auth/login': {
        const { username, password } = JSON.parse(body || '{}');
        if (username !== 'alice' || password !== 'alice-password') {
          return void fail(res, 401, 'INVALID_CREDENTIALS');
        }
        const family = crypto.randomUUID();
        families.set(family, { generation: 1, revoked: false });
        lastFamily = family;
        return issueTokens(res, family, 1);
      }
      case 'POST /auth/refresh':
        return refresh(req, res);
      case 'POST /auth/logout': {
        const family = families.get((readCookie(req, COOKIE) ?? '').split('.')[0] ?? '');
        if (family) family.revoked = true;
        res.writeHead(204, { 'set-cookie': `${COOKIE}=; Path=/auth; Max-Age=0` });
        return void res.end();
      }
      case 'POST /auth/logout-all':
        if (!bearer(req, res)) return;
        fixture.revokeAll();
        res.writeHead(204, { 'set-cookie': `${COOKIE}=; Path=/auth; Max-Age=0` });
        return void res.end();
      case 'GET /api/me':
        if (bearer(req, res)) json(res, 200, { sub: 'alice', username: 'alice', role: 'admin' });
        return;
      case 'POST /api/echo':
        if (bearer(req, res)) json(res, 200, { body });
        return;
      default:
        json(res, 404, { error: { code: 'NOT_FOUND', message: 'Not found.' } });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => json(res, 500, { error: { code: 'INTERNAL', message: 'x' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fixture.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fixture;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function fail(res: ServerResponse, status: number, code: string): false {
  if (status === 401) res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
  json(res, status, { error: { code, message: 'Refused.' } });
  return false;
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = pair.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

/**
 * A `fetch` with a one-origin cookie jar, since Node's fetch keeps no cookies.
 * Path and expiry attributes are reduced to what the fixture uses.
 */
export function cookieFetch(): { fetch: typeof fetch; jar: Map<string, string> } {
  const jar = new Map<string, string>();
  const wrapped: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    const send = init?.credentials === 'include';
    if (send && jar.size > 0) {
      headers.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const res = await fetch(input, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const [name = '', ...value] = pair.trim().split('=');
      const cleared = attributes.some((a) => a.trim().toLowerCase() === 'max-age=0');
      if (cleared) jar.delete(name);
      else jar.set(name, value.join('='));
    }
    return res;
  };
  return { fetch: wrapped, jar };
}
