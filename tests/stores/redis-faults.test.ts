/**
 * RedisStore fails closed: a paused server makes calls reject at the deadline
 * (never hang), a stopped one makes them reject, a restarted one serves again,
 * and with AOF (`appendfsync always`) a created session survives a crash.
 * Each client, one server per client so the faults do not overlap.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/stores/redis/index.js';
import { startRedis, stopAllServers } from '../helpers/servers/index.js';
import {
  CLIENT_NAMES,
  connectStandalone,
  sessionRecord,
  type TestClient,
} from './redis-harness.js';

const TIMEOUT = 300;
/** Generous: the deadline is 300 ms; anything near a client's own default (seconds, or never) fails. */
const HANG_BOUND = 1500;
const opened: TestClient[] = [];

afterAll(async () => {
  await Promise.all(opened.map((client) => client.close()));
  await stopAllServers();
});

/** Resolves with how long `call` took to reject (it must reject). */
async function rejectionTime(call: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await expect(call()).rejects.toThrow();
  return performance.now() - started;
}

/** Retries `call` until it answers, for a client reconnecting after a restart. */
async function eventually<T>(call: () => Promise<T>, withinMs = 10_000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(50);
    }
  }
}

for (const name of CLIENT_NAMES) {
  describe(`RedisStore × ${name} when Redis fails`, () => {
    it('paused: every kind of call rejects at the deadline; resumed: it works again', async () => {
      const server = await startRedis();
      const client = await connectStandalone(name, server);
      opened.push(client);
      const store = new RedisStore({ client: client.client, timeout: TIMEOUT });
      const now = Date.now();
      const session = sessionRecord(now);
      await store.createSession(session);

      server.pause();
      try {
        const rotate = () =>
          store.rotate({
            sessionId: session.id,
            generation: 0,
            secretHash: 'late',
            rotatedAt: now + 1,
            idleExpiresAt: now + 60_000,
          });
        const times = await Promise.all([
          rejectionTime(rotate),
          rejectionTime(() => store.getSession(session.id, now)),
          rejectionTime(() => store.isJtiDenied('jti', now)),
        ]);
        for (const time of times) {
          expect(time).toBeGreaterThanOrEqual(TIMEOUT - 5);
          expect(time).toBeLessThan(HANG_BOUND);
        }
        await expect(store.getSession(session.id, now)).rejects.toThrow(/no answer within 300 ms/);
      } finally {
        server.resume();
      }
      // The timed-out rotation was sent once and may have run once: never twice.
      const after = await eventually(() => store.getSession(session.id, now + 2));
      expect([0, 1]).toContain(after?.generation);
    });

    it('stopped: calls reject without hanging; restarted: the same store works again', async () => {
      const server = await startRedis();
      const client = await connectStandalone(name, server);
      opened.push(client);
      const store = new RedisStore({ client: client.client, timeout: TIMEOUT });
      const now = Date.now();
      await store.createSession(sessionRecord(now));

      await server.stop();
      const time = await rejectionTime(() => store.createSession(sessionRecord(now)));
      expect(time).toBeLessThan(HANG_BOUND);
      expect(await rejectionTime(() => store.revokeSubject('someone', now))).toBeLessThan(
        HANG_BOUND,
      );

      await server.restart();
      const session = sessionRecord(now);
      await eventually(() => store.createSession(session));
      expect(await store.getSession(session.id, now)).toEqual(session);
    });

    it('with AOF (appendfsync always), a created and rotated session survives kill and restart', async () => {
      const server = await startRedis({ appendOnly: true });
      const client = await connectStandalone(name, server);
      opened.push(client);
      const store = new RedisStore({ client: client.client, timeout: 1000 });
      const now = Date.now();
      const session = sessionRecord(now);
      await store.createSession(session);
      const rotated = await store.rotate({
        sessionId: session.id,
        generation: 0,
        secretHash: 'kept',
        rotatedAt: now + 1,
        idleExpiresAt: now + 60_000,
      });
      expect(rotated.ok).toBe(true);

      await server.kill();
      await server.restart();
      const read = await eventually(() => store.getSession(session.id, now + 2));
      expect(read).toEqual(rotated.ok && rotated.session);
      expect(await store.listSessions(session.subject, now + 2)).toHaveLength(1);
    });
  });
}
