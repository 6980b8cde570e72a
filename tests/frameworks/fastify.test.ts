/**
 * tokenwarden/fastify over `app.inject`: the shared glue contract, plugin
 * option validation, and Fastify's own body errors answered in the contract's
 * shape.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import tokenwarden, { sendAuthError } from '../../src/frameworks/fastify/index.js';
import { type Auth, isAuthError } from '../../src/index.js';
import {
  ALICE,
  createFixture,
  describeGlue,
  expectMapped,
  loginRequest,
  safeJson,
  REFRESH_COOKIE,
  type Send,
  type Sendable,
  verifyCredentials,
  verifyStepUp,
} from './glue-contract.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

interface AppOptions {
  routePrefix?: string;
  /** Registers a urlencoded parser, as @fastify/formbody would. */
  formParser?: boolean;
  bodyLimit?: number;
  /** Adds the app's own routes before `ready()`. */
  extra?: (app: FastifyInstance) => void;
}

async function fastifyApp(auth: Auth, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
  });
  apps.push(app);
  if (options.formParser) {
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
  }
  await app.register(tokenwarden, {
    auth,
    verifyCredentials,
    verifyStepUp,
    ...(options.routePrefix ? { routePrefix: options.routePrefix } : {}),
  });
  app.post(
    '/api/sensitive',
    { preHandler: app.requireAuth({ maxAge: '5m', amr: ['otp'] }) },
    async (req) => ({ subject: req.auth?.subject }),
  );
  app.get('/api/me', { preHandler: app.authenticate }, async (req) => ({
    subject: req.auth?.subject,
    sessionId: req.auth?.sessionId,
  }));
  app.get('/api/open', async (req) => ({ auth: req.auth }));
  app.get('/api/sessions', async (_req, reply) => {
    try {
      return await auth.listSessions('u_alice');
    } catch (err) {
      if (isAuthError(err)) return sendAuthError(reply, err);
      throw err;
    }
  });
  options.extra?.(app);
  await app.ready();
  return app;
}

function injectSend(app: FastifyInstance): Send {
  return async ({ method, url, headers = {}, body }: Sendable) => {
    const res = await app.inject({
      method,
      url,
      headers,
      ...(body === undefined ? {} : { payload: body }),
    });
    const setCookie = res.headers['set-cookie'];
    return {
      status: res.statusCode,
      headers: res.headers as Record<string, string | string[] | undefined>,
      text: res.body,
      json: safeJson(res.body),
      setCookies: setCookie === undefined ? [] : ([] as string[]).concat(setCookie),
    };
  };
}

const build =
  (options: AppOptions = {}) =>
  async (auth: Auth) =>
    injectSend(await fastifyApp(auth, options));

describeGlue('fastify', build());

describe('fastify plugin: options', () => {
  it.each([
    ['no auth', { verifyCredentials }],
    ['an auth that is not a facade', { auth: {}, verifyCredentials }],
    ['no verifyCredentials', { auth: 'AUTH' }],
    [
      'a routePrefix without a leading slash',
      { auth: 'AUTH', verifyCredentials, routePrefix: 'auth' },
    ],
  ])('refuses %s with a TypeError at registration', async (_label, options) => {
    const { auth } = await createFixture(build());
    const given = options as { auth?: unknown };
    const app = Fastify({ logger: false });
    apps.push(app);
    app.register(tokenwarden, {
      ...given,
      auth: given.auth === 'AUTH' ? auth : given.auth,
    } as never);
    const error = await app.ready().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/^tokenwarden: /);
  });

  it.each([
    ['/session', '/auth'],
    ['/', '/auth'],
    ['/authx', '/auth'],
  ])(
    'refuses routePrefix %s outside the refresh cookie Path %s',
    async (routePrefix, refreshPath) => {
      const { auth } = await createFixture(build(), { cookies: { refreshPath } });
      const app = Fastify({ logger: false });
      apps.push(app);
      app.register(tokenwarden, { auth, verifyCredentials, routePrefix });
      await expect(app.ready()).rejects.toThrow(
        /^tokenwarden: routePrefix .* refresh cookie's Path/,
      );
    },
  );

  it('serves the routes under a custom routePrefix inside the refresh cookie Path', async () => {
    const f = await createFixture(build({ routePrefix: '/session/' }), {
      cookies: { refreshPath: '/session' },
    });
    const sent = await f.send({ ...loginRequest(), url: '/session/login' });
    expect(sent.status).toBe(200);
    expect((await f.send(loginRequest())).status).toBe(404);
  });
});

describe('fastify plugin: request.auth', () => {
  it('is declared null up front and set only by the authenticate preHandler', async () => {
    const f = await createFixture(build());
    const open = await f.send({ method: 'GET', url: '/api/open' });
    expect(open.json).toEqual({ auth: null });
    const login = await f.send(loginRequest());
    const me = await f.send({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: `Bearer ${login.json.accessToken}` },
    });
    expect(me.json).toMatchObject({ subject: 'u_alice', sessionId: expect.any(String) });
  });

  it('sendAuthError answers AuthErrors from app handlers per the contract', async () => {
    const f = await createFixture(build());
    f.breakStore();
    expectMapped(await f.send({ method: 'GET', url: '/api/sessions' }), 'STORE_UNAVAILABLE', 503);
  });
});

describe('fastify plugin: body errors answer BAD_REQUEST in the contract’s shape', () => {
  const malformed: [string, Sendable][] = [
    ['invalid JSON', { ...loginRequest(), body: '{"username":' }],
    ['an empty JSON body', { ...loginRequest(), body: '' }],
    ['a JSON null', { ...loginRequest(), body: 'null' }],
    ['a JSON array', { ...loginRequest(), body: JSON.stringify([ALICE.username, ALICE.password]) }],
    [
      'text/plain (parsed as a string by Fastify)',
      { ...loginRequest(), headers: { 'content-type': 'text/plain' } },
    ],
    [
      'an unsupported content type (415)',
      {
        ...loginRequest(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=b',
      },
    ],
    ['a non-string password', loginRequest({ username: 'alice', password: 1234 })],
  ];
  it.each(malformed)('%s', async (_label, req) => {
    const f = await createFixture(build());
    const sent = await f.send(req);
    expectMapped(sent, 'BAD_REQUEST', 400);
    expect(sent.setCookies).toEqual([]);
  });

  it('a body over the bodyLimit (413)', async () => {
    const f = await createFixture(build({ bodyLimit: 1024 }));
    const sent = await f.send(loginRequest({ ...ALICE, pad: 'x'.repeat(4096) }));
    expectMapped(sent, 'BAD_REQUEST', 400);
  });

  it('a login body over 16 KB with Fastify’s default 1 MiB limit, as the Express glue', async () => {
    const f = await createFixture(build());
    const sent = await f.send(loginRequest({ ...ALICE, pad: 'x'.repeat(16_384) }));
    expectMapped(sent, 'BAD_REQUEST', 400);
    expect(sent.setCookies).toEqual([]);
  });

  it('a form body, even when the app registered a form parser (login CSRF)', async () => {
    const f = await createFixture(build({ formParser: true }));
    const sent = await f.send({
      method: 'POST',
      url: '/auth/login',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
      },
      body: 'username=alice&password=alice-password',
    });
    expectMapped(sent, 'BAD_REQUEST', 400);
    expect(sent.setCookies.some((c) => c.startsWith(REFRESH_COOKIE))).toBe(false);
  });

  it('leaves an app error thrown by verifyCredentials to the app (a 429 stays a 429)', async () => {
    const { auth } = await createFixture(build());
    const app = Fastify({ logger: false });
    apps.push(app);
    // Set before the routes are registered, as Fastify requires for it to apply to them.
    app.setErrorHandler((err: { statusCode?: number }, _req, reply) =>
      reply.code(err.statusCode ?? 500).send({ handledBy: 'app' }),
    );
    await app.register(tokenwarden, {
      auth,
      verifyCredentials: () => {
        throw Object.assign(new Error('Too many attempts.'), { statusCode: 429 });
      },
    });
    const sent = await injectSend(app)(loginRequest());
    expect({ status: sent.status, json: sent.json }).toEqual({
      status: 429,
      json: { handledBy: 'app' },
    });
  });

  it('leaves non-auth routes to Fastify’s own error handling', async () => {
    const f = await createFixture(
      build({ extra: (app) => app.post('/other', async () => ({ ok: true })) }),
    );
    const sent = await f.send({
      method: 'POST',
      url: '/other',
      headers: { 'content-type': 'application/json' },
      body: '{',
    });
    expect(sent.status).toBe(400);
    expect(sent.json).toMatchObject({ code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
  });
});
