/**
 * The Hono example: the same HTTP contract as the Express and Fastify ones,
 * on the Web `Request`/`Response` API through `createWebHandler`. It runs
 * unchanged on Node (`@hono/node-server`) and on Bun (`Bun.serve`).
 */
import { Hono, type MiddlewareHandler } from 'hono';
import {
  type AuthContext,
  type AuthError,
  createWebHandler,
  isAuthError,
  type StepUpRequirement,
  toErrorResponse,
} from 'tokenwarden';
import { loadAssets } from '../shared/assets.js';
import type { ExampleSetup } from '../shared/auth-setup.js';
import {
  contractErrorResponse,
  isClientAbort,
  logUnexpected,
  MAX_URL_LENGTH,
} from '../shared/http-errors.js';
import { JWKS_HEADERS } from '../shared/signing-keys.js';
import { type ClientAddress, loginLimits } from './login-limits.js';

/** What `requireAuth` hands the routes after it: the verified token's context. */
type AppEnv = { Variables: { auth: AuthContext } };

/**
 * The app. `clientAddress` reads the client's address from the server that
 * runs it (`nodeClientAddress` or `bunClientAddress`, client-address.ts): the
 * login counters count per address.
 */
export function createHonoApp(setup: ExampleSetup, clientAddress: ClientAddress): Hono<AppEnv> {
  const { auth, usersById, verifyCredentials, verifyStepUp, theftDemo } = setup;
  const app = new Hono<AppEnv>();
  const { assets, pageHeaders } = loadAssets();
  const authRoutes = createWebHandler({ auth, verifyCredentials, verifyStepUp });

  app.use(refuseMalformedUrls);

  // Counted before the library's handler below reads the login.
  app.post(`${auth.refreshPath}/login`, loginLimits(setup, clientAddress));

  // POST /auth/login, /auth/refresh, /auth/logout, /auth/logout-all, /auth/step-up; the
  // handler answers undefined for any other request, which falls through.
  app.use('/auth/*', async (c, next) => {
    const response = await authRoutes(c.req.raw);
    // DEMO_MODE=1 only: the cookie a successful refresh presented is now a previous token.
    if (theftDemo && response?.status === 200 && c.req.path === `${auth.refreshPath}/refresh`) {
      theftDemo.recordRotated(c.req.header('cookie'), c.req.header('user-agent'));
    }
    return response ?? next();
  });

  // Per-user data must not outlive logout in the browser's cache (RFC 9111 §5.2.2.5).
  app.use('/api/*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  });

  // With a requirement (RFC 9470), a token whose authentication is too old or
  // too weak is refused with STEP_UP_REQUIRED, as requireAuth does in Express.
  const requireAuth =
    (requirement?: StepUpRequirement): MiddlewareHandler<AppEnv> =>
    async (c, next) => {
      const request = { method: c.req.method, headers: c.req.raw.headers };
      c.set('auth', await auth.authenticate(request, requirement));
      await next();
    };

  app.get('/api/me', requireAuth(), (c) => {
    const { subject } = c.get('auth');
    const user = usersById.get(subject);
    return c.json({ sub: subject, username: user?.username, role: user?.role });
  });

  // A sensitive action: only with an authentication (login or step-up) under 5 minutes old.
  app.post('/api/sensitive', requireAuth({ maxAge: '5m' }), (c) => {
    const { claims } = c.get('auth');
    return c.json({ ok: true, authTime: claims.auth_time, amr: claims.amr });
  });

  app.get('/api/sessions', requireAuth(), async (c) => {
    const { subject, sessionId } = c.get('auth');
    return c.json({ sessions: await auth.listSessions(subject, sessionId) });
  });

  app.delete('/api/sessions/:id', requireAuth(), async (c) => {
    const revoked = await auth.revokeSession(c.get('auth').subject, c.req.param('id'));
    if (revoked) return c.body(null, 204);
    return contractErrorResponse(404, 'No such session.');
  });

  // DEMO_MODE=1 only: replays this session's previous refresh token (examples/shared/theft-demo.ts).
  if (theftDemo) {
    app.post('/demo/simulate-theft', requireAuth(), async (c) => {
      const replay = await theftDemo.replay(c.get('auth').sessionId);
      if (replay) return c.json(replay);
      return contractErrorResponse(400, 'No previous refresh token yet: refresh once first.');
    });
  }

  app.get('/.well-known/jwks.json', (c) => c.body(JSON.stringify(auth.jwks()), 200, JWKS_HEADERS));

  for (const [path, asset] of assets) {
    app.get(path, (c) =>
      c.body(asset.body, 200, { 'content-type': asset.type, ...(path === '/' ? pageHeaders : {}) }),
    );
  }

  app.notFound(() => contractErrorResponse(404));
  // AuthErrors (from requireAuth, or STORE_UNAVAILABLE from a route) get the
  // error contract's shape; a client gone mid-request gets nothing and is
  // not logged; anything else is a bug, logged in one line, answered without details.
  app.onError((err) => {
    if (isAuthError(err)) return errorResponse(err);
    if (isClientAbort(err)) return new Response(null, { status: 400 });
    logUnexpected(err);
    return contractErrorResponse(500);
  });
  return app;
}

/**
 * 414 for a request target longer than the other examples accept, and 400
 * for a path that does not percent-decode (Express refuses it the same way,
 * before any route runs; Hono would look the raw path up and answer 404, or
 * 401 on a route behind requireAuth).
 */
const refuseMalformedUrls: MiddlewareHandler = async (c, next) => {
  const { pathname, search } = new URL(c.req.url);
  if (pathname.length + search.length > MAX_URL_LENGTH) return contractErrorResponse(414);
  try {
    decodeURIComponent(pathname);
  } catch {
    return contractErrorResponse(400);
  }
  return next();
};

function errorResponse(err: AuthError): Response {
  const { status, headers, body } = toErrorResponse(err);
  return new Response(JSON.stringify(body), { status, headers });
}
