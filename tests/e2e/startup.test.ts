/**
 * The example servers as an operator starts them (`node --import tsx
 * examples/<app>/server.ts`): a configuration mistake or an unreachable store
 * is one line on stderr naming the variable, never a stack or a password,
 * and exit status 1; STORE=memory loads no store driver; SIGTERM exits 0.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'tokenwarden-e2e-startup-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function server(
  app: 'express' | 'fastify' | 'hono',
  env: Record<string, string>,
  preload: string[] = [],
) {
  return spawn(
    process.execPath,
    [
      ...preload.flatMap((file) => ['--import', file]),
      '--import',
      'tsx',
      `examples/${app}/server.ts`,
    ],
    { cwd: root, env: { PATH: process.env.PATH, HOST: '127.0.0.1', ...env }, stdio: 'pipe' },
  );
}

function exited(
  child: ChildProcess,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('a start-up failure is one line naming the variable, and exit 1', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['STORE=postgres without DATABASE_URL', { STORE: 'postgres' }, /needs DATABASE_URL/],
    ['STORE=redis without REDIS_URL', { STORE: 'redis' }, /needs REDIS_URL/],
    ['an unknown STORE', { STORE: 'mongodb' }, /^STORE must be one of/],
    [
      'a DATABASE_URL that is not one',
      { STORE: 'postgres', DATABASE_URL: 'hunter2' },
      /^DATABASE_URL is not a URL/,
    ],
    [
      'DATA_DIR on a file',
      { STORE: 'pglite', DATA_DIR: join(scratch, 'a-file', 'data') },
      /^DATA_DIR: cannot create/,
    ],
  ];
  writeFileSync(join(scratch, 'a-file'), '');

  it.each(cases)('%s', async (_label, env, message) => {
    const { code, stdout, stderr } = await exited(server('express', { PORT: '0', ...env }));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.replace(/^tokenwarden example: /, '')).toMatch(message);
    expect(stderr).not.toContain('hunter2');
  });

  it('an unreachable Redis names REDIS_URL, and not its password', async () => {
    const port = await freePort();
    const url = `redis://app:hunter2@127.0.0.1:${port}/0`;
    const { code, stderr } = await exited(
      server('express', { STORE: 'redis', REDIS_URL: url, ROTATION_KEY: 'k'.repeat(32) }),
    );
    expect(code).toBe(1);
    expect(stderr).toBe(
      `tokenwarden example: REDIS_URL: cannot connect to Redis at 127.0.0.1:${port}/0 (connect ECONNREFUSED 127.0.0.1:${port})\n`,
    );
  });

  it('an unreachable PostgreSQL names DATABASE_URL, and not its password', async () => {
    const port = await freePort();
    const url = `postgresql://app:hunter2@127.0.0.1:${port}/app`;
    const { code, stderr } = await exited(
      server('fastify', { STORE: 'postgres', DATABASE_URL: url, ROTATION_KEY: 'k'.repeat(32) }),
    );
    expect(code).toBe(1);
    expect(stderr).toBe(
      `tokenwarden example: DATABASE_URL: cannot set up PostgreSQL at 127.0.0.1:${port}/app (connect ECONNREFUSED 127.0.0.1:${port})\n`,
    );
  });
});

it.each(['express', 'hono'] as const)(
  '%s: STORE=memory loads no store driver, serves, and exits 0 on SIGTERM',
  async (app) => {
    const port = await freePort();
    const child = server(app, { PORT: String(port) }, [
      './tests/e2e/fixtures/refuse-store-drivers.mjs',
    ]);
    const result = exited(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk) => String(chunk).includes('listening') && resolve());
      child.on('exit', () => reject(new Error('exited before listening')));
    });
    const login = await fetch(`http://127.0.0.1:${port}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bob', password: 'bob-password' }),
    });
    expect(login.status).toBe(200);
    child.kill('SIGTERM');
    const { code, stderr } = await result;
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  },
);
