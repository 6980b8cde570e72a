/**
 * Step-up (RFC 9470) over HTTP against both example apps: the sensitive
 * action needs an authentication under 5 minutes old, `POST /auth/step-up`
 * takes alice's TOTP code (or a password again), and a refresh from another
 * browser asks for the code without rotating or revoking, then works once
 * that browser has stepped up. Time is an injected clock, never a sleep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoTotp } from '../../examples/shared/second-factor.js';
import { type ExampleName, type RunningExample, startExample } from './harness.js';
import { Agent, jwtPayload, Recorder } from './http-agent.js';

const ALICE = { username: 'alice', password: 'alice-password' };
const BOB = { username: 'bob', password: 'bob-password' };
const REFRESH_COOKIE = 'tw-refresh'; // COOKIE_SECURE=false: no prefix
const MINUTE = 60_000;

describe.each(['express', 'fastify', 'hono'] as ExampleName[])(
  'step-up on the %s example',
  (name) => {
    let app: RunningExample;
    const time = { now: Date.parse('2031-03-01T10:00:00Z') };
    const totp = demoTotp();
    const code = () => totp.generate({ timestamp: time.now });

    beforeAll(async () => {
      app = await startExample(name, { COOKIE_SECURE: 'false' }, { clock: () => time.now });
    });
    afterAll(() => app.close());

    const agent = (userAgent = 'Firefox') => new Agent(app.origin, new Recorder(), userAgent);

    it('the sensitive action needs an authentication under 5 minutes old; a TOTP step-up gives one in the same session', async () => {
      const alice = agent();
      const login = await alice.post('/auth/login', { json: ALICE });
      expect(login.status).toBe(200);
      const token = login.json.accessToken as string;
      expect(jwtPayload(token)).toMatchObject({ amr: ['pwd'] });
      expect((await alice.post('/api/sensitive', { bearer: token })).status).toBe(200);
      time.now += 6 * MINUTE;
      const stale = await alice.post('/api/sensitive', { bearer: token });
      expect(stale.status).toBe(401);
      expect(stale.json.error.code).toBe('STEP_UP_REQUIRED');
      expect(stale.headers.get('www-authenticate')).toMatch(
        /^Bearer error="insufficient_user_authentication", error_description="[^"]+", max_age=300$/,
      );
      const wrong = await alice.post('/auth/step-up', { bearer: token, json: { otp: '000000' } });
      expect(wrong.status).toBe(401);
      const stepped = await alice.post('/auth/step-up', { bearer: token, json: { otp: code() } });
      expect(stepped.status).toBe(200);
      expect(stepped.headers.get('cache-control')).toBe('no-store');
      expect(stepped.setCookies).toEqual([]);
      const fresh = stepped.json.accessToken as string;
      expect(jwtPayload(fresh)).toMatchObject({
        sid: jwtPayload(token).sid,
        amr: ['otp'],
        auth_time: Math.floor(time.now / 1000),
      });
      const done = await alice.post('/api/sensitive', { bearer: fresh });
      expect(done.status).toBe(200);
      expect(done.json).toMatchObject({ ok: true, amr: ['otp'] });
      // A TOTP code is good once.
      time.now += 1000;
      const replayed = await alice.post('/auth/step-up', { bearer: fresh, json: { otp: code() } });
      expect(replayed.status).toBe(401);
    });

    it('bob, without a second factor, steps up with his password; alice cannot use a code for bob', async () => {
      const bob = agent();
      const login = await bob.post('/auth/login', { json: BOB });
      const token = login.json.accessToken as string;
      time.now += 6 * MINUTE;
      const otp = await bob.post('/auth/step-up', { bearer: token, json: { otp: code() } });
      expect(otp.status).toBe(401);
      const wrong = await bob.post('/auth/step-up', { bearer: token, json: { password: 'x' } });
      expect(wrong.status).toBe(401);
      const ok = await bob.post('/auth/step-up', {
        bearer: token,
        json: { password: BOB.password },
      });
      expect(ok.status).toBe(200);
      expect(jwtPayload(ok.json.accessToken)).toMatchObject({ amr: ['pwd'] });
    });

    it('five wrong codes in a session answer 429 with Retry-After', async () => {
      const alice = agent();
      const token = (await alice.post('/auth/login', { json: ALICE })).json.accessToken as string;
      for (let i = 0; i < 5; i += 1) {
        expect(
          (await alice.post('/auth/step-up', { bearer: token, json: { otp: '000000' } })).status,
        ).toBe(401);
      }
      const limited = await alice.post('/auth/step-up', { bearer: token, json: { otp: code() } });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    });

    it('a refresh from another browser asks for the code without rotating or revoking; after its step-up it refreshes', async () => {
      const firefox = agent('Firefox');
      expect((await firefox.post('/auth/login', { json: ALICE })).status).toBe(200);
      const chrome = agent('Chrome');
      for (const [cookie, value] of firefox.jar) chrome.jar.set(cookie, value);
      const origin = { origin: app.origin };
      const asked = await chrome.post('/auth/refresh', { headers: origin });
      expect(asked.status).toBe(401);
      expect(asked.json.error.code).toBe('STEP_UP_REQUIRED');
      expect(asked.headers.get('www-authenticate')).toContain(
        'error="insufficient_user_authentication"',
      );
      expect(asked.setCookies).toEqual([]);
      // Nothing rotated: the browser that logged in still refreshes with the same cookie.
      const cookie = firefox.jar.get(REFRESH_COOKIE);
      time.now += 16 * MINUTE;
      const again = await chrome.post('/auth/refresh', { headers: origin });
      expect(again.json.error.code).toBe('STEP_UP_REQUIRED');
      // Chrome has no valid access token: the refresh cookie names the session.
      const wrong = await chrome.post('/auth/step-up', { headers: origin, json: { otp: '123' } });
      expect(wrong.status).toBe(401);
      const stepped = await chrome.post('/auth/step-up', {
        headers: origin,
        json: { otp: code() },
      });
      expect(stepped.status).toBe(200);
      expect(chrome.jar.get(REFRESH_COOKIE)).toBe(cookie);
      const refreshed = await chrome.post('/auth/refresh', { headers: origin });
      expect(refreshed.status).toBe(200);
      expect(jwtPayload(refreshed.json.accessToken)).toMatchObject({ amr: ['otp'] });
      expect(chrome.jar.get(REFRESH_COOKIE)).not.toBe(cookie);
      const me = await chrome.request('/api/me', { bearer: refreshed.json.accessToken });
      expect(me.json).toMatchObject({ username: 'alice' });
    });
  },
);
