/**
 * STORE=pglite keeps sessions across a restart: the Express example stopped
 * and started again on the same DATA_DIR refreshes a session logged in before,
 * and still recognises a rotated token from before the restart as reuse
 * (the rotation key is kept in DATA_DIR too). The directory is a new one, so
 * this also covers the example creating DATA_DIR and initialising PGlite.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { type RunningExample, startExample } from './harness.js';
import { Agent, Recorder } from './http-agent.js';

const REFRESH_COOKIE = '__Secure-tw-refresh';
const root = mkdtempSync(join(tmpdir(), 'tokenwarden-e2e-restart-'));
const dataDir = join(root, 'data');
const env = { STORE: 'pglite', DATA_DIR: dataDir };
let running: RunningExample | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function start(): Promise<{ app: RunningExample; agent: (cookie?: string) => Agent }> {
  const app = await startExample('express', env);
  running = app;
  const recorder = new Recorder();
  return {
    app,
    agent: (cookie) => {
      const agent = new Agent(app.origin, recorder);
      if (cookie) agent.jar.set(REFRESH_COOKIE, cookie);
      return agent;
    },
  };
}

it('refreshes a session from before the restart, and still detects reuse', async () => {
  const first = await start();
  const device = first.agent();
  expect(
    (await device.post('/auth/login', { json: { username: 'alice', password: 'alice-password' } }))
      .status,
  ).toBe(200);
  const beforeRotation = device.jar.get(REFRESH_COOKIE)!;
  expect((await device.post('/auth/refresh')).status).toBe(200);
  const current = device.jar.get(REFRESH_COOKIE)!;
  await first.app.close();
  running = undefined;

  // DATA_DIR holds every session and the rotation key: private to the app's user.
  expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  expect(statSync(join(dataDir, 'rotation-key')).mode & 0o777).toBe(0o600);

  const second = await start();
  const after = second.agent(current);
  const refreshed = await after.post('/auth/refresh');
  expect(refreshed.status).toBe(200);
  const me = await after.request('/api/me', { bearer: refreshed.json.accessToken });
  expect(me.json).toMatchObject({ sub: 'u_alice', username: 'alice' });

  // A token rotated before the restart, replayed after it, is reuse: the family is revoked.
  const thief = second.agent(beforeRotation);
  expect((await thief.post('/auth/refresh')).json.error.code).toBe('REFRESH_TOKEN_REUSED');
  expect((await after.post('/auth/refresh')).json.error.code).toBe('SESSION_REVOKED');
  // Two PGlite start-ups (WASM Postgres initialising a data directory) take
  // 10–30 s on a loaded 2-core machine: more than the suite's default.
}, 90_000);
