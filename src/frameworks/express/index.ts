/**
 * Express glue: the auth routes as one middleware, `requireAuth()` that sets
 * `req.auth`, and an error handler that maps `AuthError`s. Express itself is
 * an optional peer dependency; nothing here imports it at run time.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { authErrorHandler, requireAuth, tokenwarden } from 'tokenwarden/express';
 *
 * const app = express();
 * app.use('/auth', tokenwarden({ auth, verifyCredentials }));
 * app.get('/api/me', requireAuth(auth), (req, res) => res.json({ sub: req.auth!.subject }));
 * app.use(authErrorHandler());
 * ```
 * @module
 */
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type {
  Auth,
  AuthContext,
  StepUpRequirement,
  VerifyCredentials,
  VerifyStepUp,
} from '../../auth/types.js';
import { AUTH_ROUTES, type AuthRouteName } from '../../core/constants.js';
import { AuthError, isAuthError } from '../../core/errors.js';
import type { DeviceContext } from '../../session/events.js';
import {
  createAuthRoutes,
  errorRoute,
  type RouteRequest,
  type RouteResponse,
} from '../../auth/auth-routes.js';
import {
  assertGlueOptions,
  assertRoutesReachCookie,
  assertStepUpOption,
} from '../../auth/glue-options.js';
import { resolveRequirement } from '../../auth/step-up-requirement.js';
import { readJsonBody } from '../../http/read-body.js';

export type { StepUpRequirement, VerifyCredentials, VerifyStepUp } from '../../auth/types.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `requireAuth()`: who the verified access token belongs to. */
    auth?: AuthContext;
  }
}

/**
 * Options of {@link tokenwarden}.
 *
 * @example
 * ```ts
 * const options: ExpressAuthOptions = { auth, verifyCredentials: async ({ username, password }) => users.check(username, password) };
 * app.use('/auth', tokenwarden(options));
 * ```
 */
export interface ExpressAuthOptions {
  auth: Auth;
  /** Checks a username and password; returns `{ subject }` or `null`. */
  verifyCredentials: VerifyCredentials<Request>;
  /**
   * Serves `POST /step-up` (RFC 9470 step-up): checks the second factor or
   * password in the JSON body for the session asking, then `auth.stepUp`.
   * Without it the route is not served.
   */
  verifyStepUp?: VerifyStepUp<Request>;
}

const ROUTE_BY_PATH = new Map<string, AuthRouteName>(
  (Object.entries(AUTH_ROUTES) as [AuthRouteName, string][]).map(([name, path]) => [path, name]),
);

/**
 * The auth routes (`POST /login`, `/refresh`, `/logout`, `/logout-all`, and
 * `/step-up` with `verifyStepUp`) as a middleware to mount where the refresh
 * cookie's Path points (`/auth` by default). Other requests fall through to
 * `next()`.
 *
 * @example
 * ```ts
 * app.use(express.json());
 * app.use('/auth', tokenwarden({ auth, verifyCredentials }));
 * ```
 */
export function tokenwarden(options: ExpressAuthOptions): RequestHandler {
  assertGlueOptions(options, 'express glue');
  assertStepUpOption(options, 'express glue');
  const routes = createAuthRoutes(options.auth, options.verifyCredentials, options.verifyStepUp);
  return function tokenwardenRoutes(req, res, next) {
    const name = ROUTE_BY_PATH.get(req.path);
    const route = name === undefined ? undefined : routes[name];
    if (!name || !route || req.method !== 'POST') return next();
    // Express tells a middleware where it is mounted only with a request
    // (`req.baseUrl`): under a mount outside the refresh cookie's Path every
    // auth route fails with the TypeError, instead of refresh alone, silently.
    try {
      assertRoutesReachCookie(options.auth, req.baseUrl, 'the mount path');
    } catch (err) {
      return next(err);
    }
    handle(route, name, req, res).catch(next);
  };
}

async function handle(
  route: (r: RouteRequest<Request>) => Promise<RouteResponse>,
  name: AuthRouteName,
  req: Request,
  res: Response,
): Promise<void> {
  const body = name === 'login' || name === 'stepUp' ? await loginBody(req) : undefined;
  if (isAuthError(body)) return send(res, errorRoute(body));
  send(
    res,
    await route({
      method: req.method,
      headers: req.headers,
      body,
      raw: req,
      context: deviceContext(req),
    }),
  );
}

// Use the body an app-level parser (express.json()) produced, else read it.
function loginBody(req: Request): Promise<unknown> {
  if (req.body !== undefined && req.readableEnded) return Promise.resolve(req.body);
  return readJsonBody(req, req.headers['content-type']);
}

function deviceContext(req: Request): DeviceContext {
  const userAgent = req.headers['user-agent'];
  return { ...(userAgent ? { userAgent } : {}), ...(req.ip ? { ip: req.ip } : {}) };
}

function send(res: Response, route: RouteResponse): void {
  res.status(route.status);
  for (const [name, value] of Object.entries(route.headers)) res.setHeader(name, value);
  if (route.setCookies.length > 0) res.append('Set-Cookie', route.setCookies);
  if (route.body === undefined) res.end();
  else res.send(JSON.stringify(route.body));
}

/**
 * Middleware that verifies the request's access token and sets `req.auth`;
 * a refused request gets the mapped error (401 with `WWW-Authenticate`,
 * 403 `CSRF_FAILED`, 503 `STORE_UNAVAILABLE`). With `options` (RFC 9470), a
 * token whose authentication is older than `maxAge` or lacks a method of
 * `amr` gets 401 `STEP_UP_REQUIRED` with
 * `WWW-Authenticate: Bearer error="insufficient_user_authentication", …, max_age=…`.
 * The options are checked now (a `TypeError`); they cost no store read.
 *
 * @example
 * ```ts
 * app.get('/api/me', requireAuth(auth), me);
 * app.post('/api/sensitive', requireAuth(auth, { maxAge: '5m', amr: ['otp'] }), sensitive);
 * ```
 */
export function requireAuth(auth: Auth, options?: StepUpRequirement): RequestHandler {
  if (!auth || typeof auth.authenticate !== 'function') {
    throw new TypeError('tokenwarden: requireAuth(auth) needs the object createAuth() returned');
  }
  resolveRequirement(options, 'requireAuth');
  return function requireAuthMiddleware(req, res, next) {
    auth.authenticate({ method: req.method, headers: req.headers }, options).then(
      (context) => {
        req.auth = context;
        next();
      },
      (err: unknown) => (isAuthError(err) ? send(res, errorRoute(err)) : next(err)),
    );
  };
}

/**
 * An Express error handler that answers `AuthError`s per the error contract,
 * and the client errors of Express's body parsers (`express.json()`:
 * invalid JSON, body too large, …) as `BAD_REQUEST` in the same shape, so the
 * login route answers alike with or without an app-level parser. Everything
 * else is passed on: mount your own handler after it.
 *
 * @example
 * ```ts
 * app.use(authErrorHandler());
 * ```
 */
export function authErrorHandler(): ErrorRequestHandler {
  return function tokenwardenErrors(err, _req, res, next) {
    if (res.headersSent) return next(err);
    if (isAuthError(err)) return send(res, errorRoute(err));
    if (isBodyParserClientError(err)) return send(res, errorRoute(new AuthError('BAD_REQUEST')));
    next(err);
  };
}

// body-parser errors are http-errors with a `type` such as
// 'entity.parse.failed' or 'entity.too.large' and a 4xx status.
const BODY_PARSER_TYPE = /^(entity|encoding|charset|request|parameters|stream)\./;

function isBodyParserClientError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { type, status } = err as { type?: unknown; status?: unknown };
  return (
    typeof type === 'string' &&
    BODY_PARSER_TYPE.test(type) &&
    typeof status === 'number' &&
    status >= 400 &&
    status < 500
  );
}
