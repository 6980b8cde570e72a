/**
 * The Fastify example: the same HTTP contract as the Express one.
 */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { isAuthError } from 'tokenwarden';
import tokenwarden, { sendAuthError } from 'tokenwarden/fastify';
import { loadAssets } from '../shared/assets.js';
import type { ExampleSetup } from '../shared/auth-setup.js';
import {
  answerClientError,
  ERROR_HEADERS,
  errorFor,
  isClientAbort,
  logUnexpected,
  MAX_BODY_BYTES,
  MAX_URL_LENGTH,
  statusOf,
} from '../shared/http-errors.js';
import { JWKS_HEADERS } from '../shared/signing-keys.js';
import { addLoginLimits } from './login-limits.js';

export async function createFastifyApp(setup: ExampleSetup): Promise<FastifyInstance> {
  const { auth, usersById, verifyCredentials, verifyStepUp } = setup;
  const app = Fastify({
    logger: false,
    // The login body limit of the Express glue, for every route.
    bodyLimit: MAX_BODY_BYTES,
    // Node's parser errors (431, malformed headers) and a URL that does not decode.
    clientErrorHandler: answerClientError,
    frameworkErrors: (_error, _req, reply) => sendError(reply, 400),
  });
  const { assets, pageHeaders } = loadAssets();

  app.addHook('onRequest', async (req, reply) => {
    if (req.url.length > MAX_URL_LENGTH) return sendError(reply, 414);
    // Per-user data must not outlive logout in the browser's cache (RFC 9111 §5.2.2.5).
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });

  await addLoginLimits(app, setup);
  // DEMO_MODE=1 only: the cookie a successful refresh presented is now a previous token.
  const { theftDemo } = setup;
  if (theftDemo) {
    app.addHook('onResponse', async (req, reply) => {
      const refresh = req.method === 'POST' && req.url === `${auth.refreshPath}/refresh`;
      if (refresh && reply.statusCode === 200) {
        theftDemo.recordRotated(req.headers.cookie, req.headers['user-agent']);
      }
    });
  }
  // POST /auth/login, /auth/refresh, /auth/logout, /auth/logout-all, /auth/step-up
  await app.register(tokenwarden, {
    auth,
    verifyCredentials,
    verifyStepUp,
    routePrefix: auth.refreshPath,
  });

  app.get('/api/me', { preHandler: app.authenticate }, async (req) => {
    const user = usersById.get(req.auth!.subject);
    return { sub: req.auth!.subject, username: user?.username, role: user?.role };
  });

  // A sensitive action: only with an authentication (login or step-up) under 5 minutes old.
  app.post('/api/sensitive', { preHandler: app.requireAuth({ maxAge: '5m' }) }, async (req) => ({
    ok: true,
    authTime: req.auth!.claims.auth_time,
    amr: req.auth!.claims.amr,
  }));

  app.get('/api/sessions', { preHandler: app.authenticate }, async (req) => ({
    sessions: await auth.listSessions(req.auth!.subject, req.auth!.sessionId),
  }));

  app.delete<{ Params: { id: string } }>(
    '/api/sessions/:id',
    { preHandler: app.authenticate },
    async (req, reply) => {
      const revoked = await auth.revokeSession(req.auth!.subject, req.params.id);
      if (revoked) return reply.code(204).send();
      return sendError(reply, 404, 'No such session.');
    },
  );

  // DEMO_MODE=1 only: replays this session's previous refresh token (examples/shared/theft-demo.ts).
  if (theftDemo) {
    app.post('/demo/simulate-theft', { preHandler: app.authenticate }, async (req, reply) => {
      const replay = await theftDemo.replay(req.auth!.sessionId);
      return replay ?? sendError(reply, 400, 'No previous refresh token yet: refresh once first.');
    });
  }

  app.get('/.well-known/jwks.json', async (_req, reply) =>
    reply.headers(JWKS_HEADERS).send(JSON.stringify(auth.jwks())),
  );

  for (const [path, asset] of assets) {
    app.get(path, async (_req, reply) =>
      reply
        .headers({ 'content-type': asset.type, ...(path === '/' ? pageHeaders : {}) })
        .send(asset.body),
    );
  }

  // AuthErrors thrown in our own handlers (e.g. STORE_UNAVAILABLE) get the
  // error contract's shape; so does every other error, Fastify's own included
  // (413, 415, invalid JSON), without its message, which may hold internals.
  app.setErrorHandler((err, req, reply) => {
    if (isAuthError(err)) return sendAuthError(reply, err);
    if (isClientAbort(err) || req.raw.destroyed) return reply.raw.destroy();
    const status = statusOf(err);
    if (status === 500) logUnexpected(err);
    return sendError(reply, status);
  });
  app.setNotFoundHandler((_req, reply) => sendError(reply, 404));
  return app;
}

function sendError(reply: FastifyReply, status: number, message?: string): FastifyReply {
  const error = errorFor(status);
  if (message) error.body.error.message = message;
  return reply.code(error.status).headers(ERROR_HEADERS).send(JSON.stringify(error.body));
}
