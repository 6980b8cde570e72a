/**
 * `PostgresStore` on PGlite (embedded PostgreSQL in WebAssembly), unchanged:
 * the method suite in memory, and an EXPLAIN check that the index paths exist.
 * The data-directory run is postgres-pglite-dir.test.ts (a separate file, so
 * the two slow PGlite start-ups overlap).
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/stores/postgres/index.js';
import { tableNames } from '../../src/stores/postgres/names.js';
import { statements } from '../../src/stores/postgres/statements.js';
import { freshSchema, storeMethodSuite, T0 } from './postgres-suite.js';

let db: PGlite;

beforeAll(async () => {
  db = await PGlite.create();
});

afterAll(async () => {
  await db?.close();
});

describe('PostgresStore on PGlite, in memory', () => {
  storeMethodSuite(() => db);
});

describe('EXPLAIN on PGlite: the index paths exist', () => {
  // PGlite is one connection in one process: its planner sees tiny tables and
  // rightly prefers a sequential scan, so this forbids sequential scans for the
  // session to prove the plans the real server picks (postgres.test.ts, on a
  // 20 000-row table with its planner left free) are available here too.
  it('by id, by subject and the expiry scan use the indexes', async () => {
    const schema = freshSchema('explain');
    await migrate(db, { schema });
    const sql = statements(tableNames({ schema }));
    await db.query('SET enable_seqscan = off');
    try {
      const plan = async (text: string, values: unknown[]) =>
        (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, values)).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
      expect(await plan(sql.getSession, ['s1', T0])).toMatch(/Index Scan using sessions_pkey/);
      expect(await plan(sql.rotate, ['s1', 0, 'h', T0, T0 + 1])).toMatch(
        /Index Scan using sessions_pkey/,
      );
      expect(await plan(sql.listSessions, ['user-1', T0])).toMatch(/sessions_subject_idx/);
      expect(await plan(sql.revokeSubject, ['user-1', T0])).toMatch(/sessions_subject_idx/);
      expect(await plan(sql.deleteExpired, [T0])).toMatch(/sessions_expires_at_idx/);
    } finally {
      await db.query('RESET enable_seqscan');
    }
  });
});
