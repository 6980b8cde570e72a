/**
 * The Express example: the HTTP contract of DESIGN.md in one short file.
 */
import { createServer, type Server } from 'node:http';
import express, {
  type ErrorRequestHandler,
  type Express,
  type RequestHandler,
  type Response,
} from 'express';
import { authErrorHandler, requireAuth, tokenwarden } from 'tokenwarden/express';
import { loadAssets } from '../shared/assets.js';
import type { ExampleSetup } from '../shared/auth-setup.js';
import {
  answerClientErrors,
  ERROR_HEADERS,
  errorFor,
  isClientAbort,
  logUnexpected,
  MAX_URL_LENGTH,
  statusOf,
} from '../shared/http-errors.js';
import { JWKS_HEADERS } from '../shared/signing-keys.js';
import type { TheftDemo } from '../shared/theft-demo.js';
import { loginLimits } from './login-limits.js';

export function createExpressApp(setup: ExampleSetup): Express {
  const { auth, usersById, verifyCredentials, verifyStepUp } = setup;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  const { assets, pageHeaders } = loadAssets();

  app.use(refuseLongUrls);

  app.post(`${auth.refreshPath}/login`, loginLimits(setup));
  if (setup.theftDemo) app.post(`${auth.refreshPath}/refresh`, recordRotated(setup.theftDemo));
  // POST /auth/login, /auth/refresh, /auth/logout, /auth/logout-all, /auth/step-up
  app.use(auth.refreshPath, tokenwarden({ auth, verifyCredentials, verifyStepUp }));

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
    else sendError(res, 404, 'No such session.');
  });

  // DEMO_MODE=1 only: replays this session's previous refresh token (examples/shared/theft-demo.ts).
  const { theftDemo } = setup;
  if (theftDemo) {
    app.post('/demo/simulate-theft', requireAuth(auth), async (req, res) => {
      const replay = await theftDemo.replay(req.auth!.sessionId);
      if (replay) res.json(replay);
      else sendError(res, 400, 'No previous refresh token yet: refresh once first.');
    });
  }

  app.get('/.well-known/jwks.json', (_req, res) => {
    res.set(JWKS_HEADERS).send(JSON.stringify(auth.jwks()));
  });

  app.get(['/', '/assets/:file'], (req, res, next) => {
    const asset = assets.get(req.path);
    if (!asset) return next();
    res
      .set({ 'content-type': asset.type, ...(req.path === '/' ? pageHeaders : {}) })
      .send(asset.body);
  });

  app.use((_req, res) => sendError(res, 404));
  app.use(authErrorHandler());
  // Last: nothing reaches Express's own handler, whose HTML page holds the stack outside production.
  app.use(contractErrors);
  return app;
}

/**
 * The app in a Node HTTP server whose parser errors (431, malformed request
 * lines and headers) answer in the contract's shape too. Call `listen` on it.
 */
export function createExpressServer(setup: ExampleSetup): Server {
  return answerClientErrors(createServer(createExpressApp(setup)));
}

function recordRotated(theftDemo: TheftDemo): RequestHandler {
  return (req, res, next) => {
    res.on('finish', () => {
      if (res.statusCode === 200)
        theftDemo.recordRotated(req.headers.cookie, req.headers['user-agent']);
    });
    next();
  };
}

const refuseLongUrls: RequestHandler = (req, res, next) => {
  if (req.originalUrl.length > MAX_URL_LENGTH) sendError(res, 414);
  else next();
};

const contractErrors: ErrorRequestHandler = (err, req, res, _next) => {
  if (isClientAbort(err) || req.destroyed) {
    res.destroy();
    return;
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const status = statusOf(err);
  if (status === 500) logUnexpected(err);
  sendError(res, status);
};

function sendError(res: Response, status: number, message?: string): void {
  const error = errorFor(status);
  if (message) error.body.error.message = message;
  res.status(error.status).set(ERROR_HEADERS).send(JSON.stringify(error.body));
}
