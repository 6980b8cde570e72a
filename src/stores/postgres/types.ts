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
  /**
   * Send every statement as a node-postgres named prepared statement
   * (`{ name, text, values }`): the server parses and plans it once per
   * connection instead of on every call (for a refresh, planning its one
   * statement cost the server more than running it). Default: `true` when `db` is a node-postgres `Pool`, `Client` or
   * `PoolClient`, `false` for PGlite and any other driver (which get
   * `query(text, values)` as before). Set it `false` behind PgBouncer in
   * transaction mode before 1.21 (it cannot route a prepared statement to the
   * connection that prepared it; 1.21+ with `max_prepared_statements` can);
   * set it `true` only for a driver that takes node-postgres's `QueryConfig`.
   * The names are `tokenwarden_<call>_<hash of the SQL>`, so stores on other
   * schemas or prefixes sharing a pool never clash.
   *
   * @example
   * ```ts
   * // Behind PgBouncer in transaction pooling mode (before 1.21):
   * new PostgresStore(pool, { preparedStatements: false });
   * ```
   */
  preparedStatements?: boolean;
}
