/**
 * tokenwarden/express over supertest: the shared glue contract, option
 * validation, and body handling with and without an app-level body parser.
 */
import express, { type Express } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { authErrorHandler, requireAuth, tokenwarden } from '../../src/frameworks/express/index.js';
import type { Auth } from '../../src/index.js';
import {
  ALICE,
  createFixture,
  describeGlue,
  expectMapped,
  loginRequest,
  safeJson,
  type Send,
  type Sendable,
  verifyCredentials,
  verifyStepUp,
} from './glue-contract.js';

interface AppOptions {
  parsers?: ('json' | 'urlencoded')[];
}

function expressApp(auth: Auth, { parsers = [] }: AppOptions = {}): Express {
  const app = express();
  if (parsers.includes('json')) app.use(express.json());
  if (parsers.includes('urlencoded')) app.use(express.urlencoded({ extended: false }));
  app.use('/auth', tokenwarden({ auth, verifyCredentials, verifyStepUp }));
  app.post('/api/sensitive', requireAuth(auth, { maxAge: '5m', amr: ['otp'] }), (req, res) => {
    res.json({ subject: req.auth?.subject });
  });
  app.get('/api/me', requireAuth(auth), (req, res) => {
    res.json({ subject: req.auth?.subject, sessionId: req.auth?.sessionId });
  });
  app.get('/api/sessions', requireAuth(auth), async (req, res) => {
    res.json(await auth.listSessions(req.auth!.subject, req.auth!.sessionId));
  });
  app.use(authErrorHandler());
  return app;
}

function supertestSend(app: Express): Send {
  return async ({ method, url, headers = {}, body }: Sendable) => {
    let req = request(app)[method === 'DELETE' ? 'delete' : method === 'GET' ? 'get' : 'post'](url);
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    const res = body === undefined ? await req : await req.send(body);
    const setCookie = res.headers['set-cookie'] as unknown as string[] | undefined;
    return {
      status: res.status,
      headers: res.headers,
      text: res.text,
      json: safeJson(res.text),
      setCookies: setCookie ?? [],
    };
  };
}

const build =
  (options: AppOptions = {}) =>
  async (auth: Auth) =>
    supertestSend(expressApp(auth, options));

describeGlue('express', build());
describeGlue('express with express.json()', build({ parsers: ['json'] }));

describe('express glue: options', () => {
  it.each([
    ['no options', undefined],
    ['no auth', { verifyCredentials }],
    ['an auth that is not a facade', { auth: {}, verifyCredentials }],
    ['no verifyCredentials', { auth: 'AUTH' }],
    ['a non-function verifyCredentials', { auth: 'AUTH', verifyCredentials: 'yes' }],
  ])('tokenwarden() refuses %s with a TypeError', async (_label, options) => {
    const { auth } = await createFixture(build());
    const given = options as { auth?: unknown } | undefined;
    const resolved = given && { ...given, auth: given.auth === 'AUTH' ? auth : given.auth };
    expect(() => tokenwarden(resolved as never)).toThrow(TypeError);
    expect(() => tokenwarden(resolved as never)).toThrow(/^tokenwarden: /);
  });

  it('requireAuth() refuses anything but a facade', () => {
    for (const bad of [undefined, null, {}, { authenticate: 1 }]) {
      expect(() => requireAuth(bad as never)).toThrow(/^tokenwarden: /);
    }
  });
});

describe('express glue: bodies', () => {
  const malformed: [string, Sendable][] = [
    ['invalid JSON', { ...loginRequest(), body: '{"username":' }],
    ['an empty JSON body', { ...loginRequest(), body: '' }],
    ['a JSON null', { ...loginRequest(), body: 'null' }],
    ['a JSON string', { ...loginRequest(), body: '"alice"' }],
    ['text/plain', { ...loginRequest(), headers: { 'content-type': 'text/plain' } }],
    [
      'a form body',
      {
        ...loginRequest(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'username=alice&password=alice-password',
      },
    ],
    // Over the glue's 16 KiB limit and over express.json()'s default 100 kB.
    ['a body over 200 kB', loginRequest({ ...ALICE, pad: 'x'.repeat(200_000) })],
  ];
  for (const parsers of [[], ['json'], ['json', 'urlencoded']] as AppOptions['parsers'][]) {
    const label = parsers?.length ? `with ${parsers.join(' + ')} parsers` : 'without a body parser';
    it.each(malformed)(`${label}: %s → 400 BAD_REQUEST`, async (_label, req) => {
      const f = await createFixture(build({ parsers }));
      const sent = await f.send(req);
      expectMapped(sent, 'BAD_REQUEST', 400);
      expect(sent.setCookies).toEqual([]);
    });

    it(`${label}: a JSON login succeeds`, async () => {
      const f = await createFixture(build({ parsers }));
      expect((await f.send(loginRequest())).status).toBe(200);
    });
  }
});

describe('express glue: mount path and the refresh cookie Path', () => {
  async function mountedAt(mount: string | undefined, refreshPath?: string) {
    const { auth } = await createFixture(build(), refreshPath ? { cookies: { refreshPath } } : {});
    const app = express();
    const errors: unknown[] = [];
    const routes = tokenwarden({ auth, verifyCredentials });
    if (mount === undefined) app.use(routes);
    else app.use(mount, routes);
    app.use(
      (err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        errors.push(err);
        res.status(500).end();
      },
    );
    const base = mount === undefined || mount === '/' ? '' : mount;
    const res = await request(app)
      .post(`${base}/login`)
      .set('content-type', 'application/json')
      .send(JSON.stringify(ALICE));
    return { auth, res, errors };
  }

  it.each([
    [undefined, undefined],
    ['/', undefined],
    ['/authx', undefined],
    ['/api', undefined],
    ['/auth', '/api/auth'],
  ])('refuses routes mounted at %s outside the refresh cookie Path %s', async (mount, path) => {
    const { auth, res, errors } = await mountedAt(mount, path);
    expect(res.status).toBe(500);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(TypeError);
    expect(String(errors[0])).toContain(`outside the refresh cookie's Path "${auth.refreshPath}"`);
  });

  it.each([
    ['/auth', undefined],
    ['/api/auth', '/api/auth'],
    ['/api/auth', '/api'],
    ['/', '/'],
  ])('serves routes mounted at %s inside the refresh cookie Path %s', async (mount, path) => {
    const { res, errors } = await mountedAt(mount, path);
    expect(errors).toEqual([]);
    expect(res.status).toBe(200);
  });
});

describe('express glue: routing and errors', () => {
  it('lets other methods and paths fall through to the app', async () => {
    const f = await createFixture(build());
    expect((await f.send({ method: 'GET', url: '/auth/login' })).status).toBe(404);
    expect((await f.send({ method: 'POST', url: '/auth/nope' })).status).toBe(404);
  });

  it('hands verifyCredentials the Express request', async () => {
    const { auth } = await createFixture(build());
    const seen: unknown[] = [];
    const app = express();
    app.use(
      '/auth',
      tokenwarden({
        auth,
        verifyCredentials: (credentials, req) => {
          seen.push(req.get('x-tenant'));
          return verifyCredentials(credentials);
        },
      }),
    );
    const res = await request(app)
      .post('/auth/login')
      .set('content-type', 'application/json')
      .set('x-tenant', 't1')
      .send(JSON.stringify(ALICE));
    expect(res.status).toBe(200);
    expect(seen).toEqual(['t1']);
  });

  it('leaves an app error thrown by verifyCredentials to the app (a 429 stays a 429)', async () => {
    const { auth } = await createFixture(build());
    const app = express();
    const limited = Object.assign(new Error('Too many attempts.'), { status: 429, expose: true });
    app.use('/auth', tokenwarden({ auth, verifyCredentials: () => Promise.reject(limited) }));
    app.use(authErrorHandler());
    app.use(
      (
        err: { status?: number },
        _req: express.Request,
        res: express.Response,
        _next: express.NextFunction,
      ) => {
        res.status(err.status ?? 500).json({ handledBy: 'app' });
      },
    );
    const sent = await supertestSend(app)(loginRequest());
    expect({ status: sent.status, json: sent.json }).toEqual({
      status: 429,
      json: { handledBy: 'app' },
    });
  });

  it('authErrorHandler maps AuthErrors thrown in app routes and passes other errors on', async () => {
    const f = await createFixture(build());
    const app = express();
    app.get('/sessions', async () => {
      await f.auth.listSessions('u_alice');
    });
    app.get('/boom', () => {
      throw new Error('boom');
    });
    app.use(authErrorHandler());
    app.use(
      (
        _err: unknown,
        _req: express.Request,
        res: express.Response,
        _next: express.NextFunction,
      ) => {
        res.status(500).json({ handledBy: 'app' });
      },
    );
    f.breakStore();
    const send = supertestSend(app);
    expectMapped(await send({ method: 'GET', url: '/sessions' }), 'STORE_UNAVAILABLE', 503);
    const boom = await send({ method: 'GET', url: '/boom' });
    expect({ status: boom.status, json: boom.json }).toEqual({
      status: 500,
      json: { handledBy: 'app' },
    });
  });
});
