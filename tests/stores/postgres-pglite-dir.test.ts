/**
 * `PostgresStore` on PGlite with a data directory: the method suite, then the
 * directory closed and reopened by a new PGlite, with every session still there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, PostgresStore } from '../../src/stores/postgres/index.js';
import { session, storeMethodSuite, T0 } from './postgres-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'tokenwarden-pglite-'));
let db: PGlite;

beforeAll(async () => {
  db = await PGlite.create({ dataDir: dir });
});

afterAll(async () => {
  if (!db.closed) await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('PostgresStore on PGlite, with a data directory', () => {
  storeMethodSuite(() => db);

  it('a data directory closed and reopened keeps every session, rotation and revocation', async () => {
    await migrate(db);
    const store = new PostgresStore(db);
    const kept = session();
    const revoked = session();
    await store.createSession(kept);
    await store.createSession(revoked);
    await store.rotate({
      sessionId: kept.id,
      generation: 0,
      secretHash: 'h1',
      rotatedAt: T0 + 1,
      idleExpiresAt: T0 + 9,
    });
    await store.revokeSession(revoked.id, T0 + 2);
    await store.bumpTokenVersion('user-1', T0 + 100, T0);
    await db.close();

    db = await PGlite.create({ dataDir: dir });
    expect(await migrate(db)).toBe(3);
    const reopened = new PostgresStore(db);
    expect(await reopened.getSession(kept.id, T0 + 1)).toMatchObject({
      generation: 1,
      secretHash: 'h1',
      idleExpiresAt: T0 + 9,
    });
    expect(await reopened.getSession(revoked.id, T0 + 2)).toMatchObject({
      status: 'revoked',
      revokedAt: T0 + 2,
    });
    expect(await reopened.getTokenVersion('user-1', T0)).toBe(1);
  });
});
