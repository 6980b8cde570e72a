/**
 * The Express example: the HTTP contract of DESIGN.md in one short file.
 */
import express, { type Express } from 'express';
import { authErrorHandler, requireAuth, tokenwarden } from 'tokenwarden/express';
import { loadAssets } from '../shared/assets.js';
import type { ExampleSetup } from '../shared/auth-setup.js';

export function createExpressApp({
  auth,
  usersById,
  verifyCredentials,
  verifyStepUp,
}: ExampleSetup): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const { assets, pageHeaders } = loadAssets();

  // POST /auth/login, /auth/refresh, /auth/logout, /auth/logout-all, /auth/step-up
  app.use('/auth', tokenwarden({ auth, verifyCredentials, verifyStepUp }));

  // Per-user data must not outlive logout in the browser's cache (RFC 9111 §5.2.2.5).
  app.use('/api', (_req, res, next) => {
    res.set('cache-control', 'no-store');
    next();
  });

  app.get('/api/me', requireAuth(auth), (req, res) => {
    const user = usersById.get(req.auth!.subject);
    res.json({ sub: req.auth!.subject, username: user?.username, role: user?.role });
  });

  // A sensitive action: only with an authentication (login or step-up) under 5 minutes old.
  app.post('/api/sensitive', requireAuth(auth, { maxAge: '5m' }), (req, res) => {
    res.json({ ok: true, authTime: req.auth!.claims.auth_time, amr: req.auth!.claims.amr });
  });

  app.get('/api/sessions', requireAuth(auth), async (req, res) => {
    res.json({ sessions: await auth.listSessions(req.auth!.subject, req.auth!.sessionId) });
  });

  app.delete('/api/sessions/:id', requireAuth(auth), async (req, res) => {
    const revoked = await auth.revokeSession(req.auth!.subject, String(req.params.id));
    if (revoked) res.status(204).end();
    else res.status(404).json({ error: { code: 'NOT_FOUND', message: 'No such session.' } });
  });

  app.get('/.well-known/jwks.json', (_req, res) => {
    res.json(auth.jwks());
  });

  app.get(['/', '/assets/:file'], (req, res, next) => {
    const asset = assets.get(req.path);
    if (!asset) return next();
    res
      .set({ 'content-type': asset.type, ...(req.path === '/' ? pageHeaders : {}) })
      .send(asset.body);
  });

  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'Not found.' } });
  });
  app.use(authErrorHandler());
  return app;
}
