/**
 * A fetch-style test app around `createAuth` and `createWebHandler`, with a
 * hand-driven clock, an instrumented MemoryStore, a recorded event log and a
 * tiny cookie jar. `GET /api/me` is the protected route an app would write.
 */
import {
  type Auth,
  type AuthEvent,
  type AuthOptions,
  createAuth,
  createKeySet,
  createWebHandler,
  isAuthError,
  type KeySet,
  MemoryStore,
  toErrorResponse,
} from '../../src/index.js';
import { instrumentedStore } from '../helpers/rotation.js';

export const ISSUER = 'https://app.example';
export const ORIGIN = ISSUER;
export const FOREIGN = 'https://evil.example';
export const START = 1_700_000_000_000;

export const USERS: Record<string, { password: string; subject: string; role: string }> = {
  alice: { password: 'alice-password', subject: 'user-alice', role: 'admin' },
  bob: { password: 'bob-password', subject: 'user-bob', role: 'user' },
};

let sharedKeys: Promise<KeySet> | undefined;
/** One HS256 key set for the whole file: key import is not what these tests measure. */
export function keys(): Promise<KeySet> {
  sharedKeys ??= createKeySet({ keys: [{ alg: 'HS256', secret: 's'.repeat(32) }] });
  return sharedKeys;
}

export type Overrides = Partial<AuthOptions>;

export async function setupApp(overrides: Overrides = {}) {
  const time = { now: START };
  const clock = () => time.now;
  const { store, state, calls } = instrumentedStore(new MemoryStore({ clock }));
  const events: AuthEvent[] = [];
  const claimsCalls: string[] = [];
  const auth = createAuth({
    issuer: ISSUER,
    audience: 'app',
    keys: await keys(),
    store,
    clock,
    rotationKey: 'r'.repeat(32),
    accessClaims: (subject) => {
      claimsCalls.push(subject);
      const user = Object.values(USERS).find((u) => u.subject === subject);
      return { role: user?.role ?? 'none' };
    },
    onEvent: (event) => {
      events.push(event);
    },
    ...overrides,
  });
  const handle = createWebHandler({
    auth,
    verifyCredentials: ({ username, password }) => {
      const user = Object.hasOwn(USERS, username) ? USERS[username] : undefined;
      return user && user.password === password ? { subject: user.subject } : null;
    },
  });
  const app = async (request: Request): Promise<Response> =>
    (await handle(request)) ?? (await protectedRoute(auth, request));
  const advance = (seconds: number) => {
    time.now += seconds * 1000;
  };
  return { auth, app, handle, store, state, calls, events, claimsCalls, time, advance };
}

export type App = Awaited<ReturnType<typeof setupApp>>;

/** What an app's own protected route does with `auth.authenticate`. */
async function protectedRoute(auth: Auth, request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname !== '/api/me' && url.pathname !== '/api/orders') {
    return new Response('not found', { status: 404 });
  }
  try {
    const { subject, sessionId, claims } = await auth.authenticate({
      method: request.method,
      headers: request.headers,
    });
    return Response.json({ subject, sessionId, role: claims.role });
  } catch (err) {
    if (!isAuthError(err)) throw err;
    const { status, headers, body } = toErrorResponse(err);
    return Response.json(body, { status, headers });
  }
}

export interface RequestInit2 {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Raw body text instead of JSON. */
  raw?: string;
}

/** A Request to the test app; bodies are JSON unless `raw` is given. */
export function req(path: string, init: RequestInit2 = {}): Request {
  const headers = new Headers(init.headers);
  let body: string | undefined;
  if (init.raw !== undefined) body = init.raw;
  else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  return new Request(`${ORIGIN}${path}`, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body === undefined ? {} : { body }),
  });
}

/** `name=value` pairs of every `Set-Cookie` of a response. */
export function setCookies(response: Response): Map<string, string> {
  const jar = new Map<string, string>();
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(';', 1)[0] ?? '';
    const eq = pair.indexOf('=');
    jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return jar;
}

/** A `Cookie` request header from `name=value` pairs (empty values left out: cleared). */
export function cookieHeader(jar: Map<string, string>): string {
  return [...jar]
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');
}

export const REFRESH = '__Secure-tw-refresh';
export const ACCESS = '__Host-tw-access';
export const CSRF = '__Host-tw-csrf';
export const FGP = '__Host-tw-fgp';

export interface LoggedIn {
  response: Response;
  body: { accessToken: string; tokenType: string; expiresIn: number };
  jar: Map<string, string>;
}

/** Logs `username` in through the web handler and returns the body and cookies. */
export async function loginAs(
  app: App,
  username = 'alice',
  headers: Record<string, string> = {},
): Promise<LoggedIn> {
  const response = await app.app(
    req('/auth/login', {
      body: { username, password: USERS[username]?.password ?? 'x' },
      headers: { origin: ORIGIN, ...headers },
    }),
  );
  if (response.status !== 200) throw new Error(`login failed: ${response.status}`);
  const body = (await response.json()) as LoggedIn['body'];
  return { response, body, jar: setCookies(response) };
}

/** POST /auth/refresh with the jar's cookies, from the app's own origin unless told. */
export function refreshRequest(
  jar: Map<string, string>,
  headers: Record<string, string> = { origin: ORIGIN },
): Request {
  return req('/auth/refresh', {
    method: 'POST',
    headers: { cookie: cookieHeader(jar), ...headers },
  });
}

export function bearer(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, ...extra };
}

/** The error body of a response, asserting the DESIGN shape. */
export async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return body.error;
}
