/**
 * The demo-only "Simulate theft" endpoint over HTTP against the three
 * examples: absent unless DEMO_MODE=1; with it, replaying the session's
 * previous refresh token is caught as reuse and revokes the session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExampleName, type RunningExample, startExample } from './harness.js';
import { Agent, Recorder } from './http-agent.js';

const ALICE = { username: 'alice', password: 'alice-password' };

async function loggedInAndRefreshed(app: RunningExample, time: { now: number }) {
  const alice = new Agent(app.origin, new Recorder(), 'Firefox');
  const headers = { origin: app.origin };
  expect((await alice.post('/auth/login', { json: ALICE, headers })).status).toBe(200);
  const refreshed = await alice.post('/auth/refresh', { headers });
  expect(refreshed.status).toBe(200);
  // Past the default 5 s grace window: the old token is no longer a tolerated race.
  time.now += 10_000;
  return { alice, headers, token: refreshed.json.accessToken as string };
}

describe.each(['express', 'fastify', 'hono'] as ExampleName[])(
  'Simulate theft (%s example)',
  (name) => {
    const time = { now: Date.parse('2031-03-01T10:00:00Z') };

    describe('without DEMO_MODE', () => {
      let app: RunningExample;
      beforeAll(async () => {
        app = await startExample(name, { COOKIE_SECURE: 'false' }, { clock: () => time.now });
      });
      afterAll(() => app.close());

      it('the endpoint does not exist, and the session is untouched', async () => {
        const { alice, headers, token } = await loggedInAndRefreshed(app, time);
        const theft = await alice.post('/demo/simulate-theft', { bearer: token, headers });
        expect(theft.status).toBe(404);
        expect(theft.json.error.code).toBe('NOT_FOUND');
        expect((await alice.request('/api/me', { bearer: token })).status).toBe(200);
        expect((await alice.post('/auth/refresh', { headers })).status).toBe(200);
      });
    });

    describe('with DEMO_MODE=1', () => {
      let app: RunningExample;
      beforeAll(async () => {
        app = await startExample(
          name,
          { COOKIE_SECURE: 'false', DEMO_MODE: '1' },
          { clock: () => time.now },
        );
      });
      afterAll(() => app.close());

      it('needs an access token', async () => {
        const anonymous = new Agent(app.origin, new Recorder());
        expect((await anonymous.post('/demo/simulate-theft')).status).toBe(401);
      });

      it('replays the previous refresh token: reuse detected, the session revoked', async () => {
        const { alice, headers, token } = await loggedInAndRefreshed(app, time);
        const theft = await alice.post('/demo/simulate-theft', { bearer: token, headers });
        expect(theft.status).toBe(200);
        expect(theft.json).toEqual({ status: 401, code: 'REFRESH_TOKEN_REUSED' });
        // The whole session is gone: its access token and its current refresh token.
        const me = await alice.request('/api/me', { bearer: token });
        expect(me.status).toBe(401);
        expect(me.json.error.code).toBe('TOKEN_REVOKED');
        expect((await alice.post('/auth/refresh', { headers })).status).toBe(401);
      });

      it('before any refresh there is nothing to replay', async () => {
        const bob = new Agent(app.origin, new Recorder());
        const headers = { origin: app.origin };
        const login = await bob.post('/auth/login', {
          json: { username: 'bob', password: 'bob-password' },
          headers,
        });
        const token = login.json.accessToken as string;
        const theft = await bob.post('/demo/simulate-theft', { bearer: token, headers });
        expect(theft.status).toBe(400);
        expect((await bob.request('/api/me', { bearer: token })).status).toBe(200);
      });
    });
  },
);
