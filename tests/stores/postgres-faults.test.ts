/**
 * `PostgresStore` when its PostgreSQL fails: a stopped or frozen server makes
 * every call reject within the store's `timeout` (the engine answers
 * `STORE_UNAVAILABLE`, fail closed), and after a restart, graceful or after
 * SIGKILL, the store works again with every committed session still there.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, PostgresStore, PostgresTimeoutError } from '../../src/stores/postgres/index.js';
import { type PostgresServer, startPostgres, stopAllServers } from '../helpers/servers/index.js';
import { session, T0 } from './postgres-suite.js';

const TIMEOUT = 400;
let server: PostgresServer;
let pool: pg.Pool;
let store: PostgresStore;

beforeAll(async () => {
  server = await startPostgres();
  pool = new pg.Pool({ connectionString: server.connectionString, max: 4 });
  // Idle clients of a server that went away emit 'error'; the pool drops them.
  pool.on('error', () => {});
  await migrate(pool);
  store = new PostgresStore(pool, { timeout: TIMEOUT });
});

afterAll(async () => {
  server.resume();
  await pool.end();
  await stopAllServers();
});

/** Runs every kind of call and checks each rejects, and within the deadline. */
async function expectEveryCallRejectsInTime(store: PostgresStore, id: string): Promise<unknown[]> {
  const calls: (() => Promise<unknown>)[] = [
    () => store.getSession(id, T0),
    () =>
      store.rotate({
        sessionId: id,
        generation: 0,
        secretHash: 'x',
        rotatedAt: T0,
        idleExpiresAt: T0 + 1,
      }),
    () => store.claimGraceReplay({ sessionId: id, generation: 0, maxReplays: 1 }, T0),
    () => store.createSession(session()),
    () => store.revokeSubject('user-1', T0),
    () => store.bumpTokenVersion('user-1', T0 + 1, T0),
    () => store.isJtiDenied('j', T0),
    () => store.deleteExpired(T0),
  ];
  const errors: unknown[] = [];
  await Promise.all(
    calls.map(async (call) => {
      const started = performance.now();
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      // A margin for timers on a loaded machine; without the deadline these calls hang for minutes.
      expect(performance.now() - started).toBeLessThan(TIMEOUT + 700);
      expect(error).toBeInstanceOf(Error);
      errors.push(error);
    }),
  );
  return errors;
}

describe('PostgresStore when PostgreSQL fails', () => {
  it('a frozen server (SIGSTOP): every call rejects with PostgresTimeoutError at the deadline', async () => {
    // PostgreSQL backends leave the postmaster's process group (setsid), so SIGSTOP
    // freezes the postmaster only: a fresh pool's connection attempts hang, as
    // they would behind a dead network path.
    const fresh = new pg.Pool({ connectionString: server.connectionString, max: 4 });
    fresh.on('error', () => {});
    const frozen = new PostgresStore(fresh, { timeout: TIMEOUT });
    server.pause();
    try {
      const errors = await expectEveryCallRejectsInTime(frozen, session().id);
      for (const error of errors) expect(error).toBeInstanceOf(PostgresTimeoutError);
    } finally {
      server.resume();
    }
    // The deadline cannot cancel: these abandoned calls now run. The next test is the cure.
    await fresh.end();
  });

  it('with the README pool settings, the abandoned calls are cancelled too: nothing changes', async () => {
    const s = session();
    await store.createSession(s);
    const fresh = new pg.Pool({
      connectionString: server.connectionString,
      max: 4,
      connectionTimeoutMillis: TIMEOUT,
      query_timeout: TIMEOUT,
      statement_timeout: TIMEOUT,
    });
    fresh.on('error', () => {});
    const frozen = new PostgresStore(fresh, { timeout: TIMEOUT });
    server.pause();
    try {
      await expectEveryCallRejectsInTime(frozen, s.id);
    } finally {
      server.resume();
    }
    expect(await frozen.getSession(s.id, T0)).toEqual(s);
    await fresh.end();
  });

  it('a statement blocked on a lock rejects with PostgresTimeoutError at the deadline', async () => {
    const s = session();
    await store.createSession(s);
    const holder = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM tokenwarden.sessions WHERE id = $1 FOR UPDATE', [s.id]);
      const started = performance.now();
      const error = await store
        .rotate({
          sessionId: s.id,
          generation: 0,
          secretHash: 'x',
          rotatedAt: T0,
          idleExpiresAt: T0 + 1,
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PostgresTimeoutError);
      expect(performance.now() - started).toBeLessThan(TIMEOUT + 700);
    } finally {
      await holder.query('ROLLBACK');
      holder.release();
    }
  });

  it('a stopped server: every call rejects within the deadline; after a restart the session is still there', async () => {
    const s = session();
    await store.createSession(s);
    await server.stop();
    await expectEveryCallRejectsInTime(store, s.id);
    await server.restart();
    expect(await store.getSession(s.id, T0)).toEqual(s);
    const rotated = await store.rotate({
      sessionId: s.id,
      generation: 0,
      secretHash: 'h1',
      rotatedAt: T0 + 1,
      idleExpiresAt: T0 + 2,
    });
    expect(rotated.ok).toBe(true);
  });

  it('SIGKILL then restart: every committed write survives (crash recovery)', async () => {
    const s = session();
    await store.createSession(s);
    await store.rotate({
      sessionId: s.id,
      generation: 0,
      secretHash: 'h1',
      rotatedAt: T0 + 1,
      idleExpiresAt: T0 + 5,
    });
    await store.denyJti('killed', T0 + 100, T0);
    await server.kill();
    await expectEveryCallRejectsInTime(store, s.id);
    await server.restart();
    expect(await store.getSession(s.id, T0 + 1)).toMatchObject({ generation: 1, secretHash: 'h1' });
    expect(await store.isJtiDenied('killed', T0)).toBe(true);
  });
});
