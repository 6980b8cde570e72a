/**
 * The rotation engine on RedisStore (standalone, node-redis): login, refresh,
 * a concurrent refresh served by the grace window, reuse after the window
 * revoking the session, logout everywhere, and a stopped Redis answered with
 * STORE_UNAVAILABLE. The engine's clock is real time plus a hand-moved offset,
 * so the keys' PEXPIREAT (at the records' expiresAt) lies in Redis's future.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, createRotationEngine, type RotationEngine } from '../../src/index.js';
import { RedisStore } from '../../src/stores/redis/index.js';
import { type RedisServer, startRedis, stopAllServers } from '../helpers/servers/index.js';
import { connectStandalone, newSubject, type TestClient } from './redis-harness.js';

let server: RedisServer;
let client: TestClient;
let offset = 0;
let engine: RotationEngine;

beforeAll(async () => {
  server = await startRedis();
  client = await connectStandalone('node-redis', server);
  engine = createRotationEngine({
    clock: () => Date.now() + offset,
    store: new RedisStore({ client: client.client, timeout: 300 }),
    rotationKey: 'k'.repeat(32),
    reuseGrace: '5s',
  });
});

afterAll(async () => {
  await client?.close();
  await stopAllServers();
});

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AuthError);
    return (error as AuthError).code;
  }
  throw new Error('expected a rejection');
}

describe('the rotation engine on RedisStore', () => {
  it('rotates, serves a concurrent replay the same successor, and revokes on reuse after the window', async () => {
    const subject = newSubject();
    const login = await engine.login({ subject });
    const [first, second] = await Promise.all([
      engine.refresh(login.refreshToken),
      engine.refresh(login.refreshToken),
    ]);
    expect(first.refreshToken).toBe(second.refreshToken);
    expect(first.generation).toBe(1);
    const next = await engine.refresh(first.refreshToken);
    offset += 10_000;
    expect(await code(engine.refresh(first.refreshToken))).toBe('REFRESH_TOKEN_REUSED');
    expect(await code(engine.refresh(next.refreshToken))).toBe('SESSION_REVOKED');
  });

  it('logs a subject out everywhere', async () => {
    const subject = newSubject();
    const grants = await Promise.all([1, 2, 3].map(() => engine.login({ subject })));
    expect((await engine.listSessions(subject)).length).toBe(3);
    await engine.logoutAll(subject);
    for (const grant of grants) {
      expect(await code(engine.refresh(grant.refreshToken))).toBe('SESSION_REVOKED');
    }
  });

  it('answers STORE_UNAVAILABLE while Redis is stopped, and works again after a restart', async () => {
    const login = await engine.login({ subject: newSubject() });
    await server.stop();
    expect(await code(engine.refresh(login.refreshToken))).toBe('STORE_UNAVAILABLE');
    expect(await code(engine.login({ subject: newSubject() }))).toBe('STORE_UNAVAILABLE');
    await server.restart();
    for (let attempt = 0; ; attempt++) {
      try {
        await engine.login({ subject: newSubject() });
        break;
      } catch (error) {
        if (attempt > 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  });
});
