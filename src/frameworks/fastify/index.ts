/**
 * Fastify glue: a plugin (built with `fastify-plugin`) that serves the auth
 * routes, decorates `request.auth`, and adds an `authenticate` preHandler.
 * Fastify and fastify-plugin are optional peer dependencies.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import tokenwarden from 'tokenwarden/fastify';
 *
 * const app = Fastify();
 * await app.register(tokenwarden, { auth, verifyCredentials });
 * app.get('/api/me', { preHandler: app.authenticate }, async (req) => ({ sub: req.auth!.subject }));
 * ```
 * @module
 */
import type {
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  preHandlerAsyncHookHandler,
} from 'fastify';
import fp from 'fastify-plugin';
import type {
  Auth,
  AuthContext,
  StepUpRequirement,
  VerifyCredentials,
  VerifyStepUp,
} from '../../auth/types.js';
import { AUTH_BASE_PATH, AUTH_ROUTES, type AuthRouteName } from '../../core/constants.js';
import { AuthError, isAuthError } from '../../core/errors.js';
import type { DeviceContext } from '../../session/events.js';
import { createAuthRoutes, errorRoute, type RouteResponse } from '../../auth/auth-routes.js';
import {
  assertGlueOptions,
  assertRoutesReachCookie,
  assertStepUpOption,
} from '../../auth/glue-options.js';
import { resolveRequirement } from '../../auth/step-up-requirement.js';
import { MAX_BODY_BYTES } from '../../http/read-body.js';

export type { StepUpRequirement, VerifyCredentials, VerifyStepUp } from '../../auth/types.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the `authenticate` preHandler: who the verified access token belongs to. */
    auth: AuthContext | null;
  }
  interface FastifyInstance {
    /** preHandler that verifies the access token and sets `request.auth`. */
    authenticate: preHandlerAsyncHookHandler;
    /**
     * A preHandler like `authenticate` that also demands a recent or strong
     * enough authentication (RFC 9470): 401 `STEP_UP_REQUIRED` otherwise.
     * The options are checked when it is called (a `TypeError`).
     */
    requireAuth(options?: StepUpRequirement): preHandlerAsyncHookHandler;
  }
}

/**
 * Options of the tokenwarden Fastify plugin.
 *
 * @example
 * ```ts
 * await app.register(tokenwarden, { auth, verifyCredentials, routePrefix: '/auth' } satisfies FastifyAuthOptions);
 * ```
 */
export interface FastifyAuthOptions {
  auth: Auth;
  /** Checks a username and password; returns `{ subject }` or `null`. */
  verifyCredentials: VerifyCredentials<FastifyRequest>;
  /** Where the auth routes live: the refresh cookie's Path. Default `/auth`. */
  routePrefix?: string;
  /**
   * Serves `POST {routePrefix}/step-up` (RFC 9470 step-up): checks the
   * second factor or password in the JSON body for the session asking,
   * then `auth.stepUp`. Without it the route is not served.
   */
  verifyStepUp?: VerifyStepUp<FastifyRequest>;
}

const tokenwardenPlugin: FastifyPluginAsync<FastifyAuthOptions> = async (fastify, options) => {
  checkOptions(options);
  const { auth } = options;
  const prefix = (options.routePrefix ?? AUTH_BASE_PATH).replace(/\/$/, '');
  const routes = createAuthRoutes(auth, options.verifyCredentials, options.verifyStepUp);

  fastify.decorateRequest('auth', null);
  fastify.decorate('authenticate', authenticator(auth, undefined));
  fastify.decorate('requireAuth', (requirement?: StepUpRequirement) => {
    resolveRequirement(requirement, 'requireAuth');
    return authenticator(auth, requirement);
  });

  for (const [name, path] of Object.entries(AUTH_ROUTES) as [AuthRouteName, string][]) {
    const route = routes[name];
    if (!route) continue;
    fastify.post(`${prefix}${path}`, {
      // The Express glue's limit (credentials are small; Fastify's default is
      // 1 MiB), or the app's own if it is smaller.
      bodyLimit: Math.min(fastify.initialConfig.bodyLimit ?? MAX_BODY_BYTES, MAX_BODY_BYTES),
      // Body errors (invalid JSON, wrong content type, too large) answer in the
      // error contract's shape, not Fastify's; scoped to these routes only.
      // Only errors raised before the handler ran are body errors: a 4xx the
      // app's verifyCredentials throws (a 429, say) is the app's to answer.
      errorHandler: (error, request, reply) => {
        const status = (error as { statusCode?: number }).statusCode ?? 500;
        if (!handlerStarted(request) && status >= 400 && status < 500)
          return send(reply, errorRoute(new AuthError('BAD_REQUEST')));
        return reply.send(error);
      },
      handler: (request, reply) => {
        markHandlerStarted(request);
        return route({
          method: request.method,
          headers: request.headers,
          body: request.body,
          raw: request,
          context: deviceContext(request),
        }).then((route) => send(reply, route));
      },
    });
  }
};

function authenticator(
  auth: Auth,
  requirement: StepUpRequirement | undefined,
): preHandlerAsyncHookHandler {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    try {
      request.auth = await auth.authenticate(
        { method: request.method, headers: request.headers },
        requirement,
      );
    } catch (err) {
      if (!isAuthError(err)) throw err;
      return send(reply, errorRoute(err));
    }
  };
}

// Private per-request state: set once the route handler runs, so the route's
// error handler can tell a body-parsing error from an error of the app's.
const HANDLER_STARTED = Symbol('tokenwarden.handlerStarted');

function markHandlerStarted(request: FastifyRequest): void {
  (request as unknown as Record<symbol, boolean>)[HANDLER_STARTED] = true;
}

function handlerStarted(request: FastifyRequest): boolean {
  return (request as unknown as Record<symbol, boolean>)[HANDLER_STARTED] === true;
}

function deviceContext(request: FastifyRequest): DeviceContext {
  const userAgent = request.headers['user-agent'];
  return { ...(userAgent ? { userAgent } : {}), ip: request.ip };
}

function send(reply: FastifyReply, route: RouteResponse): FastifyReply {
  reply.code(route.status).headers(route.headers);
  if (route.setCookies.length > 0) reply.header('set-cookie', route.setCookies);
  return route.body === undefined ? reply.send() : reply.send(JSON.stringify(route.body));
}

/**
 * Answers an `AuthError` thrown in your own handlers per the error contract.
 *
 * @example
 * ```ts
 * try { ... } catch (err) { if (isAuthError(err)) return sendAuthError(reply, err); throw err; }
 * ```
 */
export function sendAuthError(reply: FastifyReply, err: AuthError): FastifyReply {
  return send(reply, errorRoute(err));
}

function checkOptions(options: FastifyAuthOptions): void {
  assertGlueOptions(options, 'fastify plugin');
  assertStepUpOption(options, 'fastify plugin');
  if (options.routePrefix !== undefined && !options.routePrefix.startsWith('/')) {
    throw new TypeError('tokenwarden: routePrefix must start with "/"');
  }
  assertRoutesReachCookie(options.auth, options.routePrefix ?? AUTH_BASE_PATH, 'routePrefix');
}

/**
 * The plugin: `app.register(tokenwarden, { auth, verifyCredentials })`.
 *
 * @example
 * ```ts
 * await app.register(tokenwarden, { auth, verifyCredentials });
 * app.get('/api/me', { preHandler: app.authenticate }, async (request) => ({ subject: request.auth!.subject }));
 * ```
 */
const plugin: FastifyPluginAsync<FastifyAuthOptions> = fp(tokenwardenPlugin, {
  fastify: '5.x',
  name: 'tokenwarden',
});
export default plugin;
/** The same plugin as a named export, for CommonJS callers (`require(...).tokenwarden`). */
export { plugin as tokenwarden };

export type { FastifyInstance };
