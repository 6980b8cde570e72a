/**
 * Public types of `tokenwarden/postgres`: the database handle the store and
 * `migrate` accept, and their options.
 * @module
 */

/**
 * Anything that runs one parameterised statement (`$1`, `$2`, …) and answers
 * with its rows: a `pg` `Pool` or `Client`, or a PGlite instance. Prefer a
 * `Pool`: every store call is one statement, so it never needs a dedicated
 * connection.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const db: Queryable = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * ```
 */
export interface Queryable {
  /** Runs one parameterized statement (`$1`, `$2`, …) and returns its rows. */
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * Where the store's tables live. `migrate` and `PostgresStore` must be given
 * the same values.
 *
 * @example
 * ```ts
 * const names: PostgresSchemaOptions = { schema: 'auth', tablePrefix: 'tw_' }; // auth.tw_sessions, …
 * ```
 */
export interface PostgresSchemaOptions {
  /**
   * The schema holding the tables, created by `migrate` when missing. Default
   * `tokenwarden`, so the table names never meet the application's own
   * `sessions`. A plain identifier: `[a-z_][a-z0-9_]*`.
   */
  schema?: string;
  /**
   * Prepended to every table and index name (`sessions`, `token_versions`,
   * `jti_denylist`, `migrations`). Default `''`. `[a-z_][a-z0-9_]*` or empty.
   */
  tablePrefix?: string;
}

/**
 * Options of `PostgresStore`.
 *
 * @example
 * ```ts
 * new PostgresStore(pool, { schema: 'auth', timeout: 1_000 });
 * ```
 */
export interface PostgresStoreOptions extends PostgresSchemaOptions {
  /**
   * Deadline of every call in ms (default 2000): a statement that has not
   * answered by then rejects, and the engine answers `STORE_UNAVAILABLE`
   * (fail closed) instead of hanging the request. It does not cancel the
   * statement on the server: set the pool's `query_timeout` /
   * `statement_timeout` for that (README, "Production: PostgreSQL and PGlite").
   */
  timeout?: number;
}
