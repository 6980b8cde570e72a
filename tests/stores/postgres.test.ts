/**
 * `PostgresStore` on a real PostgreSQL through a `pg` Pool: the method suite,
 * concurrent migrations from two pools, option checks, and EXPLAIN plans
 * showing every lookup is an index lookup.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, PostgresStore } from '../../src/stores/postgres/index.js';
import { tableNames } from '../../src/stores/postgres/names.js';
import { statements } from '../../src/stores/postgres/statements.js';
import { type PostgresServer, startPostgres, stopAllServers } from '../helpers/servers/index.js';
import {
  DAY,
  freshSchema,
  rotateFirstToken,
  session,
  storeMethodSuite,
  T0,
} from './postgres-suite.js';

let server: PostgresServer;
let pool: pg.Pool;
const pools: pg.Pool[] = [];

function newPool(max = 10): pg.Pool {
  const p = new pg.Pool({ connectionString: server.connectionString, max });
  // An idle client whose server went away emits 'error'; unhandled, it would crash the run.
  p.on('error', () => {});
  pools.push(p);
  return p;
}

beforeAll(async () => {
  server = await startPostgres();
  pool = newPool(10);
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await stopAllServers();
});

describe('PostgresStore on PostgreSQL (pg Pool, 10 connections)', () => {
  storeMethodSuite(() => pool);

  it('two pools migrating one schema at once both succeed, with one schema and one record per version', async () => {
    const schema = freshSchema('race');
    const [a, b] = [newPool(3), newPool(3)];
    const versions = await Promise.all([
      migrate(a, { schema }),
      migrate(b, { schema }),
      migrate(a, { schema }),
      migrate(b, { schema }),
    ]);
    expect(versions).toEqual([3, 3, 3, 3]);
    const { rows } = await pool.query(
      `SELECT version FROM "${schema}".migrations ORDER BY version`,
    );
    expect(rows).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    const tables = await pool.query(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1`,
      [schema],
    );
    expect(tables.rows[0].n).toBe(4);
  });

  it('reads the same records through a pool whose type parsers leave every column as text', async () => {
    const raw = new pg.Pool({
      connectionString: server.connectionString,
      max: 2,
      types: { getTypeParser: () => (value: string) => value },
    });
    raw.on('error', () => {});
    pools.push(raw);
    const schema = freshSchema('text');
    await migrate(pool, { schema });
    const store = new PostgresStore(raw, { schema });
    const s = session({ authTime: T0 - 5, amr: ['pwd', 'otp'] });
    await store.createSession(s);
    expect(await store.getSession(s.id, T0)).toEqual(s);
    const rotated = await rotateFirstToken(store, s, 'hash-1', T0 + 1, T0 + DAY);
    expect(rotated).toEqual({
      ok: true,
      tokenVersion: 0,
      session: {
        ...s,
        generation: 1,
        secretHash: 'hash-1',
        rotatedAt: T0 + 1,
        lastUsedAt: T0 + 1,
        idleExpiresAt: T0 + DAY,
      },
    });
    expect(await store.listSessions(s.subject, T0 + 1)).toEqual([rotated.session]);
    // A refusal stays a refusal: the flag is JSON's false, never the text 'f'.
    const again = await rotateFirstToken(store, s, 'hash-2', T0 + 2);
    expect(again).toEqual({ ok: false, session: rotated.ok ? rotated.session : null });
  });

  it('refuses schema and prefix names that are not plain identifiers', async () => {
    for (const schema of ['Public', 'a-b', 'x"; DROP TABLE y; --', '', '1abc', 'a'.repeat(64)])
      expect(() => new PostgresStore(pool, { schema })).toThrow(TypeError);
    for (const tablePrefix of ['tw-', 'A_', `${'a'.repeat(41)}`])
      expect(() => new PostgresStore(pool, { tablePrefix })).toThrow(TypeError);
    await expect(migrate(pool, { schema: 'bad name' })).rejects.toThrow(TypeError);
    for (const timeout of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => new PostgresStore(pool, { timeout })).toThrow(TypeError);
  });
});

describe('EXPLAIN: every lookup is an index lookup', () => {
  // A realistic table (20 000 sessions of 2 000 subjects, 0.1% expired) and
  // fresh statistics, with the planner left free: the plans below are the ones
  // production gets, not ones forced by enable_seqscan = off.
  const schema = freshSchema('explain');
  const sql = statements(tableNames({ schema }));

  beforeAll(async () => {
    await migrate(pool, { schema });
    await pool.query(
      `INSERT INTO "${schema}".sessions (id, subject, status, created_at, last_used_at, idle_expires_at,
         absolute_expires_at, generation, secret_hash, grace_replays, expires_at)
       SELECT 's' || i, 'user-' || (i % 2000), 'active', $1::bigint, $1::bigint, $1::bigint + ${DAY},
         $1::bigint + 30 * ${DAY}::bigint, 0, 'h', 0,
         CASE WHEN i % 1000 = 0 THEN $1::bigint - 1 ELSE $1::bigint + 31 * ${DAY}::bigint END
       FROM generate_series(1, 20000) AS i`,
      [T0],
    );
    await pool.query(`ANALYZE "${schema}".sessions`);
  });

  async function plan(text: string, values: unknown[]): Promise<string> {
    const { rows } = await pool.query(`EXPLAIN ${text}`, values);
    return rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
  }

  it('by id: getSession, rotate, claimGraceReplay, revokeSession use the primary key', async () => {
    const byId = [
      [sql.getSession, ['s1', T0]],
      [sql.rotate, ['s1', 0, 'h2', T0, T0 + DAY]],
      [sql.claimGraceReplay, ['s1', 0, 5, T0]],
      [sql.revokeSession, ['s1', T0]],
    ] as const;
    for (const [text, values] of byId) {
      const p = await plan(text, [...values]);
      expect(p).toMatch(/Index Scan using sessions_pkey/);
      expect(p).not.toMatch(/Seq Scan/);
    }
  });

  it('by subject: listSessions and revokeSubject use the subject index', async () => {
    for (const text of [sql.listSessions, sql.revokeSubject]) {
      const p = await plan(text, ['user-7', T0]);
      expect(p).toMatch(
        /(Index|Bitmap Index) Scan on sessions_subject_idx|Index Scan using sessions_subject_idx/,
      );
      expect(p).not.toMatch(/Seq Scan on sessions/);
    }
  });

  it('prepared statements keep the index paths in their generic plans (the server may switch after 5 runs)', async () => {
    const client = await pool.connect();
    try {
      await client.query('SET plan_cache_mode = force_generic_plan');
      const generic = async (name: string, text: string, values: unknown[]) => {
        await client.query(`PREPARE ${name} AS ${text}`);
        const args = values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ');
        const { rows } = await client.query(`EXPLAIN EXECUTE ${name}(${args})`);
        return rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
      };
      const byId = [
        ['g1', sql.getSession, ['s1', T0]],
        ['g2', sql.rotateIfCurrent, ['s1', 0, 'h2', T0, T0 + DAY, 'h']],
        ['g3', sql.rotate, ['s1', 0, 'h2', T0, T0 + DAY]],
        ['g4', sql.claimGraceReplay, ['s1', 0, 5, T0]],
        ['g5', sql.revokeSession, ['s1', T0]],
      ] as const;
      for (const [name, text, values] of byId) {
        const p = await generic(name, text, [...values]);
        expect(p).toMatch(/Index Scan using sessions_pkey/);
        expect(p).not.toMatch(/Seq Scan/);
      }
      const bySubject = await generic('g6', sql.listSessions, ['user-7', T0]);
      expect(bySubject).toMatch(/sessions_subject_idx/);
      expect(bySubject).not.toMatch(/Seq Scan on sessions/);
    } finally {
      await client.query('DEALLOCATE ALL');
      await client.query('RESET plan_cache_mode');
      client.release();
    }
  });

  it('deleteExpired scans the expiry index, not the table', async () => {
    const p = await plan(sql.deleteExpired, [T0]);
    expect(p).toMatch(/sessions_expires_at_idx/);
    expect(p).not.toMatch(/Seq Scan on sessions/);
  });
});
