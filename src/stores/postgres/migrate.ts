/**
 * `migrate`: brings the store's schema up to date in ONE statement, a `DO`
 * block, so it runs in one transaction on one connection whatever the handle
 * (a `pg` `Pool` would send a `BEGIN` and the next statement to different
 * connections; PGlite's `query` takes one statement). The block first takes
 * a transaction-scoped advisory lock keyed on the schema and prefix: two
 * processes migrating at once run one after the other, and the second finds
 * every version recorded and does nothing.
 * @module
 */
import { LATEST_VERSION, MIGRATIONS } from './migrations.js';
import { type TableNames, tableNames } from './names.js';
import type { PostgresSchemaOptions, Queryable } from './types.js';

// 'twkn': the first key of the two-key advisory lock, so ours do not meet the application's.
const LOCK_CLASS = 0x74776b6e;

/**
 * Creates or upgrades the store's tables (schema, `sessions`,
 * `token_versions`, `jti_denylist` and a `migrations` table recording the
 * versions applied). Safe to call at every start: when the schema is current
 * it changes nothing, and concurrent calls from several processes serialise on
 * an advisory lock. Resolves to the schema version now in place.
 *
 * The database role needs `CREATE` on the database the first time (to create
 * the schema) and on the schema for later versions.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { migrate, PostgresStore } from 'tokenwarden/postgres';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migrate(pool);
 * const store = new PostgresStore(pool);
 * ```
 */
export async function migrate(db: Queryable, options: PostgresSchemaOptions = {}): Promise<number> {
  const names = tableNames(options);
  await db.query(migrationBlock(names));
  return LATEST_VERSION;
}

function migrationBlock(t: TableNames): string {
  const steps = MIGRATIONS.map(
    (m) => `
  IF NOT EXISTS (SELECT 1 FROM ${t.migrations} WHERE version = ${m.version}) THEN
    ${m.statements(t).join(';\n    ')};
    INSERT INTO ${t.migrations} (version, name) VALUES (${m.version}, ${literal(m.name)});
  END IF;`,
  ).join('');
  return `DO $tokenwarden_migrate$
BEGIN
  PERFORM pg_advisory_xact_lock(${LOCK_CLASS}, ${lockKey(t)});
  -- Not CREATE SCHEMA IF NOT EXISTS: that needs CREATE on the database even when the schema exists.
  IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ${literal(t.schemaName)}) THEN
    CREATE SCHEMA ${t.schema};
  END IF;
  CREATE TABLE IF NOT EXISTS ${t.migrations} (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  );${steps}
END
$tokenwarden_migrate$`;
}

/** FNV-1a 32-bit of the qualified migrations table name, as a signed int4. */
function lockKey(t: TableNames): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(t.migrations)) {
    hash = Math.imul(hash ^ byte, 0x01000193);
  }
  return hash | 0;
}

/** A SQL string literal of a value this module controls (validated names, migration titles). */
function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
