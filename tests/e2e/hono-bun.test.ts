/**
 * The Hono example started on Bun as a user starts it (`bun
 * examples/hono/server.ts`, served by `Bun.serve`), driven over real HTTP:
 * login, a protected route, refresh, replay of the rotated cookie (reuse
 * revokes the session), logout, and a clean exit on SIGTERM. The Bun binary
 * comes from the registry (tests/helpers/runtimes.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { runtimeBinary } from '../helpers/runtimes.js';
import { Agent, Recorder } from './http-agent.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const REFRESH_COOKIE = '__Secure-tw-refresh';
const ALICE = { username: 'alice', password: 'alice-password' };

let child: ChildProcess;
let origin: string;
let output = '';
let exit: Promise<number | null>;

beforeAll(async () => {
  const bun = runtimeBinary('bun');
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  child = spawn(bun, ['--no-install', 'examples/hono/server.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), REUSE_GRACE: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', () => output.includes('listening') && resolve());
    void exit.then((code) =>
      reject(new Error(`bun exited with ${code} before listening:\n${output}`)),
    );
  });
}, 300_000);

afterAll(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
});

describe('the Hono example on Bun', () => {
  it('says it serves on Bun', () => {
    expect(output).toContain(
      `tokenwarden Hono example on Bun (store: memory) listening on ${origin}`,
    );
  });

  it('logs in, serves /api/me, refreshes; a replay revokes the session', async () => {
    const agent = new Agent(origin, new Recorder());
    const login = await agent.post('/auth/login', { json: ALICE });
    expect(login.status).toBe(200);
    const me = await agent.request('/api/me', { bearer: login.json.accessToken });
    expect({ status: me.status, body: me.json }).toEqual({
      status: 200,
      body: { sub: 'u_alice', username: 'alice', role: 'admin' },
    });

    const rotated = agent.jar.get(REFRESH_COOKIE);
    const refresh = await agent.post('/auth/refresh', { headers: { origin } });
    expect(refresh.status).toBe(200);
    expect(refresh.headers.get('cache-control')).toBe('no-store');
    expect(agent.jar.get(REFRESH_COOKIE)).not.toBe(rotated);

    const replay = await agent.post('/auth/refresh', {
      headers: { origin, cookie: `${REFRESH_COOKIE}=${rotated}` },
    });
    expect({ status: replay.status, code: replay.json.error.code }).toEqual({
      status: 401,
      code: 'REFRESH_TOKEN_REUSED',
    });
    const successor = await agent.post('/auth/refresh', { headers: { origin } });
    expect(successor.json.error.code).toBe('SESSION_REVOKED');
    const revoked = await agent.request('/api/me', { bearer: refresh.json.accessToken });
    expect(revoked.json.error.code).toBe('TOKEN_REVOKED');
  });

  it('logs out: 204, the cookie cleared, the session over', async () => {
    const agent = new Agent(origin, new Recorder());
    expect((await agent.post('/auth/login', { json: ALICE })).status).toBe(200);
    const cookie = `${REFRESH_COOKIE}=${agent.jar.get(REFRESH_COOKIE)}`;
    const logout = await agent.post('/auth/logout', { headers: { origin } });
    expect(logout.status).toBe(204);
    expect(
      logout.setCookies.find((c) => c.name === REFRESH_COOKIE)?.attributes.get('max-age'),
    ).toBe('0');
    const after = await agent.post('/auth/refresh', { headers: { origin, cookie } });
    expect({ status: after.status, code: after.json.error.code }).toEqual({
      status: 401,
      code: 'SESSION_REVOKED',
    });
  });

  it('exits 0 on SIGTERM', async () => {
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });
});
