/**
 * A framework-free handler for the auth routes on the Web `Request` /
 * `Response` API: Hono, Next.js route handlers, Bun, Deno, workers.
 *
 * @example
 * ```ts
 * const handle = createWebHandler({ auth, verifyCredentials });
 * export default {
 *   async fetch(request: Request) {
 *     return (await handle(request)) ?? new Response('Not found', { status: 404 });
 *   },
 * };
 * ```
 * @module
 */
import { AUTH_BASE_PATH, AUTH_ROUTES, type AuthRouteName } from '../core/constants.js';
import { AuthError } from '../core/errors.js';
import {
  isJsonContentType,
  MAX_BODY_BYTES,
  notJson,
  parseJson,
  tooLarge,
} from '../http/read-body.js';
import {
  createAuthRoutes,
  errorRoute,
  type RouteRequest,
  type RouteResponse,
} from './auth-routes.js';
import { assertStepUpOption } from './glue-options.js';
import { resolveRequirement } from './step-up-requirement.js';
import type {
  Auth,
  AuthContext,
  StepUpRequirement,
  VerifyCredentials,
  VerifyStepUp,
} from './types.js';
import { isAuthError } from '../core/errors.js';

export type { StepUpRequirement, VerifyCredentials, VerifyStepUp } from './types.js';

/**
 * Options of {@link createWebHandler}.
 *
 * @example
 * ```ts
 * const options: WebHandlerOptions = { auth, verifyCredentials: async ({ username, password }) => check(username, password) };
 * export default { fetch: createWebHandler(options) };
 * ```
 */
export interface WebHandlerOptions {
  auth: Auth;
  /** Checks a username and password; returns `{ subject }` or `null`. */
  verifyCredentials: VerifyCredentials<Request>;
  /** Where the routes live. Default `/auth` (the refresh cookie's Path). */
  basePath?: string;
  /**
   * Serves `POST {basePath}/step-up` (RFC 9470 step-up): checks the second
   * factor or password in the JSON body for the session asking, then
   * `auth.stepUp`. Without it the route is not served.
   */
  verifyStepUp?: VerifyStepUp<Request>;
}

/**
 * Returns `handle(request)`: a `Response` for `POST {basePath}/login`,
 * `/refresh`, `/logout`, `/logout-all` (and `/step-up` with
 * `verifyStepUp`), `undefined` for anything else.
 *
 * @example
 * ```ts
 * const handle = createWebHandler({ auth, verifyCredentials });
 * Bun.serve({ fetch: (request) => handle(request) ?? new Response('Not found', { status: 404 }) });
 * ```
 */
export function createWebHandler(
  options: WebHandlerOptions,
): (request: Request) => Promise<Response | undefined> {
  const basePath = options.basePath ?? AUTH_BASE_PATH;
  if (!basePath.startsWith('/')) throw new TypeError('tokenwarden: basePath must start with "/"');
  assertStepUpOption(options, 'web handler');
  const routes = createAuthRoutes(options.auth, options.verifyCredentials, options.verifyStepUp);
  const byPath = new Map<string, AuthRouteName>(
    (Object.entries(AUTH_ROUTES) as [AuthRouteName, string][]).map(([name, path]) => [
      basePath.replace(/\/$/, '') + path,
      name,
    ]),
  );
  return async (request) => {
    const name = byPath.get(new URL(request.url).pathname);
    const route = name === undefined ? undefined : routes[name];
    if (!route || request.method !== 'POST') return undefined;
    const body = name === 'login' || name === 'stepUp' ? await readJson(request) : undefined;
    if (body instanceof AuthError) return toResponse(errorRoute(body));
    const userAgent = request.headers.get('user-agent') ?? undefined;
    const routeRequest: RouteRequest<Request> = {
      method: request.method,
      headers: request.headers,
      body,
      raw: request,
      ...(userAgent ? { context: { userAgent } } : {}),
    };
    return toResponse(await route(routeRequest));
  };
}

/**
 * `requireAuth` for the Web `Request` API: verifies the request's access
 * token (and, with `options`, how recent and strong its authentication is,
 * RFC 9470) and resolves to the {@link AuthContext}, or to the error
 * `Response` to send (401 with `WWW-Authenticate`, `STEP_UP_REQUIRED`
 * included; 403; 503). The options are checked now (a `TypeError`).
 *
 * @example
 * ```ts
 * const sensitive = createWebRequireAuth(auth, { maxAge: '5m' });
 * const who = await sensitive(request);
 * if (who instanceof Response) return who;
 * ```
 */
export function createWebRequireAuth(
  auth: Auth,
  options?: StepUpRequirement,
): (request: Request) => Promise<AuthContext | Response> {
  if (!auth || typeof auth.authenticate !== 'function') {
    throw new TypeError(
      'tokenwarden: createWebRequireAuth(auth) needs the object createAuth() returned',
    );
  }
  resolveRequirement(options, 'requireAuth');
  return async (request) => {
    try {
      return await auth.authenticate({ method: request.method, headers: request.headers }, options);
    } catch (err) {
      if (!isAuthError(err)) throw err;
      return toResponse(errorRoute(err));
    }
  };
}

async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!isJsonContentType(type)) return notJson();
  const text = await readText(request, MAX_BODY_BYTES);
  if (text === undefined) return tooLarge();
  return parseJson(text);
}

// Reads at most `limit` bytes and stops there: `request.text()` would buffer
// a body of any size before its length could be checked. `undefined` when the
// body is larger than `limit`.
async function readText(request: Request, limit: number): Promise<string | undefined> {
  if (Number(request.headers.get('content-length') ?? 0) > limit) return undefined;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    size += next.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(next.value);
  }
  return new Blob(chunks).text();
}

function toResponse(route: RouteResponse): Response {
  const headers = new Headers(route.headers);
  for (const cookie of route.setCookies) headers.append('set-cookie', cookie);
  return new Response(route.body === undefined ? null : JSON.stringify(route.body), {
    status: route.status,
    headers,
  });
}
