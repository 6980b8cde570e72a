/**
 * `preparedStatements`: on by default for node-postgres (Pool, Client,
 * PoolClient), off for PGlite; the names are per schema and table prefix, so
 * stores on other tables share one connection without a clash. The
 * conformance kit runs with it on and off (postgres-conformance.test.ts).
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  migrate,
  PostgresStore,
  type PostgresStoreOptions,
  type Queryable,
} from '../../src/stores/postgres/index.js';
import { type PostgresServer, startPostgres, stopAllServers } from '../helpers/servers/index.js';
import { freshSchema, rotateFirstToken, session, T0 } from './postgres-suite.js';

let server: PostgresServer;
let pool: pg.Pool;
let lite: PGlite;
const clients: pg.Client[] = [];

beforeAll(async () => {
  server = await startPostgres();
  pool = new pg.Pool({ connectionString: server.connectionString, max: 4 });
  pool.on('error', () => {});
  lite = await PGlite.create();
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end()));
  await pool?.end();
  await lite?.close();
  await stopAllServers();
});

async function newClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: server.connectionString });
  await client.connect();
  clients.push(client);
  return client;
}

async function storeOn(db: Queryable, options: PostgresStoreOptions = {}) {
  const schema = options.schema ?? freshSchema('prep');
  await migrate(db, { ...options, schema });
  return new PostgresStore(db, { ...options, schema });
}

/** The statements prepared on this connection (the view is per session). */
async function preparedOn(db: Queryable): Promise<string[]> {
  const { rows } = await db.query('SELECT name FROM pg_prepared_statements ORDER BY name');
  return (rows as { name: string }[]).map((r) => r.name);
}

/** A session created, read, rotated on the fast path and listed: four kinds of statement. */
async function exercise(store: PostgresStore): Promise<void> {
  const s = session();
  await store.createSession(s);
  expect(await store.getSession(s.id, T0)).toEqual(s);
  const rotated = await rotateFirstToken(store, s, 'hash-1', T0 + 1);
  expect(rotated).toMatchObject({ ok: true, tokenVersion: 0, session: { generation: 1 } });
  expect((await store.listSessions(s.subject, T0 + 1)).map((r) => r.id)).toContain(s.id);
}

describe('preparedStatements', () => {
  it('is on for a pg Client by default: each call is prepared once on the connection, by name', async () => {
    const client = await newClient();
    const store = await storeOn(client);
    await exercise(store);
    await exercise(store);
    const names = await preparedOn(client);
    expect(names).toHaveLength(4);
    for (const call of ['createSession', 'getSession', 'rotateIfCurrent', 'listSessions'])
      expect(names.filter((n) => n.startsWith(`tokenwarden_${call}_`))).toHaveLength(1);
  });

  it('is on for a pg Pool and for its PoolClient by default', async () => {
    // One connection, so the pool's calls and the check share a session.
    const single = new pg.Pool({ connectionString: server.connectionString, max: 1 });
    try {
      await exercise(await storeOn(single));
      expect(await preparedOn(single)).toHaveLength(4);
    } finally {
      await single.end();
    }
    const client = await pool.connect();
    try {
      await exercise(await storeOn(client));
      expect(await preparedOn(client)).toHaveLength(4);
    } finally {
      client.release();
    }
  });

  it('false sends plain query(text, values): nothing is prepared', async () => {
    const client = await newClient();
    await exercise(await storeOn(client, { preparedStatements: false }));
    expect(await preparedOn(client)).toEqual([]);
  });

  it('is off for PGlite by default, which runs unchanged', async () => {
    await exercise(await storeOn(lite));
    expect(await preparedOn(lite)).toEqual([]);
  });

  it('two stores on other schemas or prefixes share one connection: distinct names, each its own tables', async () => {
    const client = await newClient();
    const a = await storeOn(client);
    const b = await storeOn(client);
    const c = await storeOn(client, { schema: freshSchema('prep'), tablePrefix: 'x_' });
    for (const store of [a, b, c, a, b, c]) await exercise(store);
    const names = await preparedOn(client);
    expect(names).toHaveLength(12);
    expect(new Set(names).size).toBe(12);
    for (const [store, count] of [
      [a, 2],
      [b, 2],
      [c, 2],
    ] as const)
      expect(await store.listSessions('user-1', T0)).toHaveLength(count);
  });

  it('two stores on the same tables share the names', async () => {
    const client = await newClient();
    const schema = freshSchema('prep');
    const [a, b] = [await storeOn(client, { schema }), new PostgresStore(client, { schema })];
    await exercise(a);
    await exercise(b);
    expect(await preparedOn(client)).toHaveLength(4);
    expect(await b.listSessions('user-1', T0)).toHaveLength(2);
  });

  it('a call before migrate fails, and the same connection works once migrated (nothing half-prepared)', async () => {
    const client = await newClient();
    const schema = freshSchema('prep');
    const store = new PostgresStore(client, { schema });
    await expect(store.getSession('nope', T0)).rejects.toThrow(/does not exist/);
    await migrate(client, { schema });
    await exercise(store);
  });

  it('tables dropped and migrated again under a live connection: the prepared statements plan afresh', async () => {
    const client = await newClient();
    const schema = freshSchema('prep');
    const store = await storeOn(client, { schema });
    await exercise(store);
    await client.query(`DROP SCHEMA "${schema}" CASCADE`);
    await migrate(client, { schema });
    await exercise(store);
    expect(await store.listSessions('user-1', T0)).toHaveLength(1);
  });

  it('refuses a value that is not a boolean', () => {
    for (const preparedStatements of ['true', 1, 0, {}])
      expect(
        () => new PostgresStore(pool, { preparedStatements } as unknown as PostgresStoreOptions),
      ).toThrow(/preparedStatements must be a boolean/);
  });
});
