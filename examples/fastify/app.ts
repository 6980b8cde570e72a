/**
 * The Fastify example: the same HTTP contract as the Express one.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { isAuthError } from 'tokenwarden';
import tokenwarden, { sendAuthError } from 'tokenwarden/fastify';
import { loadAssets } from '../shared/assets.js';
import type { ExampleSetup } from '../shared/auth-setup.js';

export async function createFastifyApp({
  auth,
  usersById,
  verifyCredentials,
  verifyStepUp,
}: ExampleSetup): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  const { assets, pageHeaders } = loadAssets();

  // POST /auth/login, /auth/refresh, /auth/logout, /auth/logout-all, /auth/step-up
  await app.register(tokenwarden, { auth, verifyCredentials, verifyStepUp });

  // Per-user data must not outlive logout in the browser's cache (RFC 9111 §5.2.2.5).
  app.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
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
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'No such session.' } });
    },
  );

  app.get('/.well-known/jwks.json', async () => auth.jwks());

  for (const [path, asset] of assets) {
    app.get(path, async (_req, reply) =>
      reply
        .headers({ 'content-type': asset.type, ...(path === '/' ? pageHeaders : {}) })
        .send(asset.body),
    );
  }

  // AuthErrors thrown in our own handlers (e.g. STORE_UNAVAILABLE) get the error contract's shape.
  app.setErrorHandler((err, _req, reply) =>
    isAuthError(err) ? sendAuthError(reply, err) : reply.send(err),
  );
  app.setNotFoundHandler((_req, reply) =>
    reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'Not found.' } }),
  );
  return app;
}
