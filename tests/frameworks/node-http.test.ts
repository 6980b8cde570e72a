/**
 * tokenwarden/node-http over real HTTP: a plain node:http server on
 * 127.0.0.1 built with `toNodeHandler` and `sendAuthError`, driven with
 * `fetch`. The shared glue contract, then what is particular to this glue:
 * the body limit, several Set-Cookie headers, fall-through with and without
 * `next`, and the mapping of unexpected errors.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type NodeHandler,
  sendAuthError,
  toNodeHandler,
} from '../../src/frameworks/node-http/index.js';
import type { Auth, StepUpRequirement } from '../../src/index.js';
import {
  ALICE,
  createFixture,
  describeGlue,
  expectMapped,
  loginRequest,
  type Send,
  type Sendable,
  verifyCredentials,
  verifyStepUp,
} from './glue-contract.js';

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The app: auth routes, then three Bearer routes, then a contract-shaped 404. */
function plainApp(auth: Auth, routes: NodeHandler) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (await routes(req, res)) return;
    const url = req.url ?? '/';
    const route = `${req.method} ${url}`;
    if (!['GET /api/me', 'GET /api/sessions', 'POST /api/sensitive'].includes(route)) {
      return json(res, 404, { error: { code: 'NOT_FOUND', message: 'Not found.' } });
    }
    try {
      // The step-up requirement (RFC 9470) goes straight to authenticate: no glue needed.
      const requirement: StepUpRequirement | undefined =
        url === '/api/sensitive' ? { maxAge: '5m', amr: ['otp'] } : undefined;
      const request = { method: req.method ?? 'GET', headers: req.headers };
      const context = await auth.authenticate(request, requirement);
      if (url === '/api/sensitive') return json(res, 200, { ok: true });
      if (url === '/api/me') {
        return json(res, 200, { subject: context.subject, sessionId: context.sessionId });
      }
      json(res, 200, await auth.listSessions(context.subject, context.sessionId));
    } catch (err) {
      sendAuthError(res, err);
    }
  };
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => unknown) {
  const server = createServer((req, res) => void handler(req, res));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function fetchSend(origin: string): Send {
  return async ({ method, url, headers = {}, body }: Sendable) => {
    const res = await fetch(origin + url, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const flat: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      flat[name] = value;
    });
    return {
      status: res.status,
      headers: flat,
      text,
      json: parsed,
      setCookies: res.headers.getSetCookie(),
    };
  };
}

const build = async (auth: Auth) =>
  fetchSend(await listen(plainApp(auth, toNodeHandler({ auth, verifyCredentials, verifyStepUp }))));

describeGlue('node:http', build);

describe('node:http glue: particulars', () => {
  it('answers auth routes with Cache-Control: no-store and one Set-Cookie header per cookie', async () => {
    // Access token in a cookie too: login sets several cookies at once.
    const f = await createFixture(build, { tokenLocation: 'both' });
    const sent = await f.send(loginRequest());
    expect(sent.status).toBe(200);
    expect(sent.headers['cache-control']).toBe('no-store');
    expect(sent.setCookies.length).toBeGreaterThanOrEqual(2);
    // Each cookie is its own header line, never folded into one.
    for (const cookie of sent.setCookies) expect(cookie.split(/,\s*[\w-]+=/).length).toBe(1);
  });

  it('refuses a login body over the limit without reading it all, in the error shape', async () => {
    const f = await createFixture(async (auth) =>
      fetchSend(
        await listen(plainApp(auth, toNodeHandler({ auth, verifyCredentials, maxBodyBytes: 64 }))),
      ),
    );
    const big = JSON.stringify({ ...ALICE, pad: 'x'.repeat(100) });
    const sent = await f.send({
      method: 'POST',
      url: '/auth/login',
      headers: { 'content-type': 'application/json' },
      body: big,
    });
    expectMapped(sent, 'BAD_REQUEST', 400);
    expect(sent.json.error.message).toMatch(/too large/);
    expect(sent.headers['cache-control']).toBe('no-store');
    const ok = await f.send(loginRequest());
    expect(ok.status).toBe(200);
  });

  it('leaves other requests, and their bodies, to the app; calls next() when given', async () => {
    const { auth } = await createFixture(build);
    const routes = toNodeHandler({ auth, verifyCredentials });
    const origin = await listen(async (req, res) => {
      let nexted = false;
      const handled = await routes(req, res, () => {
        nexted = true;
      });
      if (handled) return;
      let body = '';
      for await (const chunk of req) body += chunk;
      json(res, 200, { nexted, body, method: req.method, url: req.url });
    });
    for (const [method, url] of [
      ['POST', '/api/upload'],
      ['GET', '/auth/login'],
      ['POST', '/auth/login/extra'],
    ] as const) {
      const res = await fetch(origin + url, {
        method,
        ...(method === 'POST' ? { body: 'kept' } : {}),
      });
      expect(await res.json()).toEqual({
        nexted: true,
        body: method === 'POST' ? 'kept' : '',
        method,
        url,
      });
    }
  });

  it('maps an unexpected error to next(err), or to a bare 500 in the error shape', async () => {
    const { auth } = await createFixture(build);
    const throwing = () => {
      throw new Error('/srv/app/secret.ts: database password hunter2');
    };
    const routes = toNodeHandler({ auth, verifyCredentials: throwing });
    const origin = await listen((req, res) => routes(req, res));
    const res = await fetch(`${origin}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ALICE),
    });
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(JSON.parse(text)).toEqual({
      error: { code: 'INTERNAL_ERROR', message: 'Internal server error.' },
    });
    expect(text).not.toMatch(/hunter2|secret\.ts/);
    let passed: unknown;
    const withNext = await listen(async (req, res) => {
      await routes(req, res, (err) => {
        passed = err;
        json(res, 599, {});
      });
    });
    await fetch(`${withNext}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ALICE),
    });
    expect(String(passed)).toMatch(/hunter2/);
  });

  it('refuses bad options with a TypeError', async () => {
    const { auth } = await createFixture(build);
    expect(() => toNodeHandler(undefined as never)).toThrow(/^tokenwarden: /);
    expect(() => toNodeHandler({ auth, verifyCredentials, maxBodyBytes: 0 })).toThrow(TypeError);
    expect(() => toNodeHandler({ auth } as never)).toThrow(TypeError);
  });
});
