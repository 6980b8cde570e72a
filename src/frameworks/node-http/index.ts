/**
 * Plain `node:http` glue: the auth routes of {@link createWebHandler} for a
 * server without a framework. It matches the route first (so a request that
 * is not an auth route keeps its body for the app), reads the login body up
 * to a limit, hands a Web `Request` to the Web handler, and writes its
 * `Response` back: status, headers, every `Set-Cookie` as its own header,
 * `Cache-Control: no-store`, errors in the `{"error":{"code","message"}}`
 * shape. Nothing here imports `node:` modules at run time (types only).
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { sendAuthError, toNodeHandler } from 'tokenwarden/node-http';
 *
 * const authRoutes = toNodeHandler({ auth, verifyCredentials });
 * createServer(async (req, res) => {
 *   if (await authRoutes(req, res)) return;
 *   try {
 *     const { subject } = await auth.authenticate({ method: req.method!, headers: req.headers });
 *     res.setHeader('content-type', 'application/json').end(JSON.stringify({ sub: subject }));
 *   } catch (err) {
 *     sendAuthError(res, err);
 *   }
 * }).listen(3000);
 * ```
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorRoute, type RouteResponse } from '../../auth/auth-routes.js';
import { assertGlueOptions, assertStepUpOption } from '../../auth/glue-options.js';
import { createWebHandler, type WebHandlerOptions } from '../../auth/web-handler.js';
import { AUTH_BASE_PATH, AUTH_ROUTES } from '../../core/constants.js';
import { AuthError, isAuthError } from '../../core/errors.js';
import { MAX_BODY_BYTES } from '../../http/read-body.js';

export type { VerifyCredentials } from '../../auth/types.js';

/**
 * Options of {@link toNodeHandler}: those of `createWebHandler`, plus a body limit.
 *
 * @example
 * ```ts
 * const options: NodeHandlerOptions = { auth, verifyCredentials, basePath: '/auth', maxBodyBytes: 4096 };
 * ```
 */
export interface NodeHandlerOptions extends WebHandlerOptions {
  /** The largest request body read, in bytes; a larger one is refused (400). Default 16384. */
  maxBodyBytes?: number;
}

/**
 * Handles one request. Resolves `true` when it answered (an auth route), and
 * `false` otherwise, after calling `next()` when one is given (connect-style).
 * An unexpected error goes to `next(err)`, or without `next` answers 500 in
 * the error shape (no stack, no detail).
 *
 * @example
 * ```ts
 * const authRoutes: NodeHandler = toNodeHandler({ auth, verifyCredentials });
 * app.use((req, res, next) => void authRoutes(req, res, next)); // connect-style
 * ```
 */
export type NodeHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: (err?: unknown) => void,
) => Promise<boolean>;

/**
 * The auth routes (`POST {basePath}/login`, `/refresh`, `/logout`,
 * `/logout-all`, and `/step-up` with `verifyStepUp`) for a plain `node:http`
 * server, built on `createWebHandler`. Bad options throw a `TypeError` here.
 * A route that demands a recent or stronger authentication (RFC 9470) passes
 * its requirement to `auth.authenticate(request, { maxAge, amr })`.
 *
 * @example
 * ```ts
 * const authRoutes = toNodeHandler({ auth, verifyCredentials: (username, password) => users.check(username, password) });
 * createServer(async (req, res) => {
 *   if (await authRoutes(req, res)) return;
 *   res.writeHead(404).end();
 * }).listen(3000, '127.0.0.1');
 * ```
 */
export function toNodeHandler(options: NodeHandlerOptions): NodeHandler {
  assertGlueOptions(options, 'node-http glue');
  assertStepUpOption(options, 'node-http glue');
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new TypeError('tokenwarden: maxBodyBytes must be a whole number >= 1');
  }
  const handle = createWebHandler(options);
  const base = (options.basePath ?? AUTH_BASE_PATH).replace(/\/$/, '');
  const paths = new Set(Object.values(AUTH_ROUTES).map((path) => base + path));
  return async function tokenwardenNode(req, res, next) {
    const pathname = pathOf(req.url);
    if (req.method !== 'POST' || pathname === undefined || !paths.has(pathname)) {
      next?.();
      return false;
    }
    try {
      const body = await readBody(req, limit);
      if (body === undefined) {
        writeRoute(res, errorRoute(tooLarge()));
        return true;
      }
      const response = await handle(toRequest(req, pathname, body));
      // Every path in `paths` is a route of the Web handler: it always answers.
      await writeResponse(res, response!);
    } catch (err) {
      if (next) next(err);
      else if (!res.headersSent) writeInternalError(res);
      else res.destroy();
    }
    return true;
  };
}

/**
 * Answers `err` as the error contract says when it is an `AuthError` (status,
 * `WWW-Authenticate`, `Retry-After`, `{"error":{"code","message"}}`), and
 * with a bare 500 in the same shape otherwise.
 *
 * @example
 * ```ts
 * auth.authenticate({ method: req.method!, headers: req.headers }).then(
 *   (context) => serve(req, res, context),
 *   (err) => sendAuthError(res, err),
 * );
 * ```
 */
export function sendAuthError(res: ServerResponse, err: unknown): void {
  if (isAuthError(err)) writeRoute(res, errorRoute(err));
  else writeInternalError(res);
}

function pathOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url, 'http://localhost').pathname;
  } catch {
    return undefined;
  }
}

function tooLarge(): AuthError {
  return new AuthError('BAD_REQUEST', { message: 'The request body is too large.' });
}

// Stops at `limit`: a body is never buffered past it. `undefined` when larger.
async function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    req.resume();
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    size += bytes.byteLength;
    if (size > limit) {
      req.resume();
      return undefined;
    }
    chunks.push(bytes);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function toRequest(req: IncomingMessage, pathname: string, body: Uint8Array): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  // The routes read only the path, the method and the headers; the origin
  // checks compare Origin/Referer with configuration, never with Host.
  return new Request(new URL(pathname, 'http://localhost'), {
    method: 'POST',
    headers,
    body: body as Uint8Array<ArrayBuffer>,
  });
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const cookies = response.headers.getSetCookie();
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  // One header line per cookie (RFC 6265 §3: cookies are never folded).
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  // Auth routes answer with tokens or about them: never cached (RFC 9111 §5.2.2.5).
  res.setHeader('cache-control', 'no-store');
  res.statusCode = response.status;
  res.end(await response.text());
}

function writeRoute(res: ServerResponse, route: RouteResponse): void {
  res.statusCode = route.status;
  for (const [name, value] of Object.entries(route.headers)) res.setHeader(name, value);
  if (route.setCookies.length > 0) res.setHeader('set-cookie', route.setCookies);
  res.setHeader('cache-control', 'no-store');
  res.end(route.body === undefined ? undefined : JSON.stringify(route.body));
}

function writeInternalError(res: ServerResponse): void {
  res.statusCode = 500;
  res.setHeader('content-type', 'application/json');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify({ error: { code: 'INTERNAL_ERROR', message: 'Internal server error.' } }));
}
