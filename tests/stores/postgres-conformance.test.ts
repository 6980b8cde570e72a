/**
 * The store conformance kit, unchanged, on `PostgresStore`: a real PostgreSQL
 * through a `pg` Pool, and PGlite in memory. Each test gets its own migrated
 * schema, so the raw row count (`inspect.countRecords`) sees only its records.
 * The pg Pool runs it twice: with named prepared statements (its default) and
 * with plain `query(text, values)`.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { migrate, PostgresStore, type Queryable } from '../../src/stores/postgres/index.js';
import { runStoreConformance } from '../../src/testing/index.js';
import { type PostgresServer, startPostgres, stopAllServers } from '../helpers/servers/index.js';
import { countRows, freshSchema } from './postgres-suite.js';

const schemaOf = new WeakMap<PostgresStore, { db: Queryable; schema: string }>();

async function storeOn(db: Queryable, preparedStatements?: boolean): Promise<PostgresStore> {
  const schema = freshSchema('conf');
  await migrate(db, { schema });
  const store = new PostgresStore(db, { schema, preparedStatements });
  schemaOf.set(store, { db, schema });
  return store;
}

// Rows in the store's own tables, read with SQL rather than through the store.
async function countRecords(store: PostgresStore): Promise<number> {
  const { db, schema } = schemaOf.get(store)!;
  return countRows(db, schema);
}

let server: PostgresServer;
let pool: pg.Pool;
let lite: PGlite;

beforeAll(async () => {
  server = await startPostgres();
  pool = new pg.Pool({ connectionString: server.connectionString, max: 10 });
  pool.on('error', () => {});
  lite = new PGlite();
  await lite.waitReady;
}, 120_000);

afterAll(async () => {
  await pool?.end();
  await lite?.close();
  await stopAllServers();
});

runStoreConformance('PostgresStore on PostgreSQL (pg Pool)', () => storeOn(pool), {
  inspect: { countRecords },
});

runStoreConformance(
  'PostgresStore on PostgreSQL (pg Pool, preparedStatements: false)',
  () => storeOn(pool, false),
  { inspect: { countRecords } },
);

runStoreConformance('PostgresStore on PGlite', () => storeOn(lite), {
  inspect: { countRecords },
});
