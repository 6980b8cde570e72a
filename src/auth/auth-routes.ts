/**
 * The auth routes of the HTTP contract (login, refresh, logout, logout-all)
 * as plain functions from a request description to a response description.
 * Express, Fastify and the Web handler only translate to and from these, so
 * every framework answers exactly alike.
 * @module
 */
import type { AuthRouteName } from '../core/constants.js';
import { AuthError, isAuthError } from '../core/errors.js';
import { toErrorResponse } from '../http/error-response.js';
import { getHeader } from '../http/headers.js';
import { isJsonContentType } from '../http/read-body.js';
import type { CookieSpec } from '../http/types.js';
import type { Auth, AuthRequest, VerifyCredentials, VerifyStepUp } from './types.js';

// The route names live in core/constants.ts, shared with the browser client.
export { AUTH_ROUTES, type AuthRouteName } from '../core/constants.js';
export type { VerifyCredentials, VerifyStepUp } from './types.js';

/** A request as the routes read it; `raw` is the framework's own request, handed to `verifyCredentials`. */
export interface RouteRequest<R = unknown> extends AuthRequest {
  /** The parsed JSON body, if any. */
  body?: unknown;
  raw: R;
}

/** A response as the routes describe it; glue writes it out. */
export interface RouteResponse {
  status: number;
  headers: Record<string, string>;
  /** `Set-Cookie` header values, in order. */
  setCookies: string[];
  /** JSON body, absent for 204. */
  body?: unknown;
}

/** One route: a request description in, a response description out. */
export type AuthRouteHandler<R> = (request: RouteRequest<R>) => Promise<RouteResponse>;

/** The routes by name; `stepUp` only when a `verifyStepUp` was given. */
export type AuthRouteHandlers<R> = Record<Exclude<AuthRouteName, 'stepUp'>, AuthRouteHandler<R>> & {
  stepUp?: AuthRouteHandler<R>;
};

// Responses that carry tokens must not be stored by any cache (RFC 6749 §5.1).
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/**
 * The auth routes over `auth`: login, refresh, logout, logout-all, and
 * step-up when `verifyStepUp` is given. They never throw an `AuthError`: it
 * becomes its status, JSON body and `WWW-Authenticate`. Other errors (a bug,
 * a throwing `verifyCredentials`) propagate to the framework.
 * Glue internals (src/index.ts), not public API.
 * @internal
 */
export function createAuthRoutes<R>(
  auth: Auth,
  verifyCredentials: VerifyCredentials<R>,
  verifyStepUp?: VerifyStepUp<R>,
): AuthRouteHandlers<R> {
  return {
    login: (request) =>
      respond(async () => {
        requireJson(request);
        const credentials = readCredentials(request.body);
        const user = await verifyCredentials(credentials, request.raw);
        if (!user) throw new AuthError('INVALID_CREDENTIALS');
        const session = await auth.login({ subject: user.subject, ...contextOf(request) });
        return json(200, session.body, session.cookies);
      }),
    refresh: (request) =>
      respond(async () => {
        const session = await auth.refresh(request);
        return json(200, session.body, session.cookies);
      }),
    logout: (request) =>
      respond(async () => {
        const { cookies } = await auth.logout(request);
        return empty(cookies);
      }),
    logoutAll: (request) =>
      respond(async () => {
        const { subject } = await auth.authenticate(request);
        await auth.logoutAll(subject);
        return empty(auth.clearCookies());
      }),
    ...(verifyStepUp ? { stepUp: stepUpRoute(auth, verifyStepUp) } : {}),
  };
}

// Under the refresh cookie's Path on purpose: a client whose refresh
// answered STEP_UP_REQUIRED may hold only an expired access token, and its
// refresh cookie is then what names its session.
function stepUpRoute<R>(auth: Auth, verifyStepUp: VerifyStepUp<R>): AuthRouteHandler<R> {
  return (request) =>
    respond(async () => {
      requireJson(request);
      const { subject, sessionId } = await auth.sessionForStepUp(request);
      const proved = await verifyStepUp({ subject, sessionId, body: request.body }, request.raw);
      if (!proved) {
        throw new AuthError('INVALID_CREDENTIALS', { message: 'The authentication failed.' });
      }
      const stepped = await auth.stepUp({
        sessionId,
        amr: proved.amr,
        headers: request.headers,
        ...contextOf(request),
      });
      return json(200, stepped.body, stepped.cookies);
    });
}

// Checked here too, not only by the glue's own reader: an app-level form
// parser (express.urlencoded, @fastify/formbody) would otherwise let a
// cross-site <form> post without a CORS preflight (login CSRF). JSON needs a
// preflight, so only JSON is accepted.
function requireJson(request: RouteRequest<unknown>): void {
  if (!isJsonContentType(getHeader(request.headers, 'content-type'))) {
    throw new AuthError('BAD_REQUEST', { message: 'Expected an application/json body.' });
  }
}

function contextOf(request: RouteRequest<unknown>): { context?: RouteRequest['context'] } {
  return request.context ? { context: request.context } : {};
}

function readCredentials(body: unknown): { username: string; password: string } {
  if (typeof body !== 'object' || body === null) throw badRequest();
  const { username, password } = body as Record<string, unknown>;
  if (typeof username !== 'string' || typeof password !== 'string') throw badRequest();
  if (username.length === 0 || username.length > 256 || password.length > 1024) throw badRequest();
  return { username, password };
}

function badRequest(): AuthError {
  return new AuthError('BAD_REQUEST', {
    message: 'Expected a JSON body with string "username" and "password".',
  });
}

function json(status: number, body: unknown, cookies: CookieSpec[]): RouteResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...NO_STORE },
    setCookies: cookies.map((c) => c.setCookie),
    body,
  };
}

function empty(cookies: CookieSpec[]): RouteResponse {
  return { status: 204, headers: { ...NO_STORE }, setCookies: cookies.map((c) => c.setCookie) };
}

async function respond(run: () => Promise<RouteResponse>): Promise<RouteResponse> {
  try {
    return await run();
  } catch (err) {
    if (!isAuthError(err)) throw err;
    return errorRoute(err);
  }
}

/**
 * An `AuthError` as a {@link RouteResponse}.
 * Glue internals (src/index.ts), not public API.
 * @internal
 */
export function errorRoute(err: AuthError): RouteResponse {
  const { status, headers, body } = toErrorResponse(err);
  return { status, headers: { ...headers, pragma: 'no-cache' }, setCookies: [], body };
}
