/**
 * `tokenwarden/postgres`: the refresh-token store on PostgreSQL (`pg`) or
 * PGlite, and the migrations that create its tables.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { migrate, PostgresStore } from 'tokenwarden/postgres';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migrate(pool);
 * const store = new PostgresStore(pool);
 * ```
 * @module
 */
export { PostgresTimeoutError } from './timeout-error.js';
export { migrate } from './migrate.js';
export { LATEST_VERSION } from './migrations.js';
export { PostgresStore } from './postgres-store.js';
export type { PostgresSchemaOptions, PostgresStoreOptions, Queryable } from './types.js';
