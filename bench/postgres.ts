/**
 * Refresh through the engine's `node` build on `PostgresStore` against the
 * raw ceiling with the same `pg` pool in the same run (issue 12): a loop of
 * single-row compare-and-set `UPDATE … RETURNING` statements, one row per
 * chain. The engine's refresh of a current token is one statement
 * (`rotateIfCurrent`), sent as a named prepared statement (the store's
 * default on `pg`); the ceiling sends its UPDATE unnamed, so the
 * server parses and plans it on every call. The same UPDATE prepared is
 * measured beside it, so the report shows what preparing alone is worth.
 * Beside it too: the store without prepared statements on the same server,
 * and PGlite (in this process, one connection) against the same loop on it.
 */
import pg from 'pg';
import { startPostgres } from '../tests/helpers/servers/index.js';
import { type PairedThroughput, pairedThroughput } from './measure.js';
import { loadPostgresBuild } from './node-build.js';
import { engineChains, engineOn } from './rotation.js';
import { type Section, withServer } from './servers.js';

/** Connections in the pool both sides share. */
export const POOL_SIZE = 16;

export interface PostgresResults {
  /** Engine ÷ the ceiling (the UPDATE sent unnamed). */
  readonly c1: PairedThroughput;
  readonly c64: PairedThroughput;
  /** Engine ÷ the same UPDATE as a named prepared statement (absent in results before it). */
  readonly prepared?: { readonly c1: PairedThroughput; readonly c64: PairedThroughput };
  /**
   * The engine on a store with `preparedStatements: false` (its fast path then
   * calls migration 3's function) ÷ the issue's ceiling. Absent in results before it.
   */
  readonly unprepared?: { readonly c1: PairedThroughput; readonly c64: PairedThroughput };
  /**
   * The engine on PGlite (in memory, in this process; the store's default
   * there, no prepared statements) ÷ the same UPDATE loop on that PGlite.
   * Absent in results before it.
   */
  readonly pglite?: { readonly c1: PairedThroughput; readonly c64: PairedThroughput };
  readonly serverVersion: string;
}

export async function benchPostgres(smoke: boolean): Promise<Section<PostgresResults>> {
  return withServer(
    'PostgreSQL',
    () => startPostgres(),
    async (server) => {
      const pool = new pg.Pool({ connectionString: server.connectionString, max: POOL_SIZE });
      // An idle connection's error (the server stopping) must not crash the run; a query's error still throws.
      pool.on('error', () => {});
      try {
        const { rows } = await pool.query('SHOW server_version');
        const c1 = await engineVsUpdate(pool, 1, smoke);
        const c64 = await engineVsUpdate(pool, 64, smoke);
        return {
          c1: c1.unnamed,
          c64: c64.unnamed,
          prepared: { c1: c1.prepared, c64: c64.prepared },
          unprepared: { c1: c1.unprepared, c64: c64.unprepared },
          pglite: { c1: await pgliteVsUpdate(1, smoke), c64: await pgliteVsUpdate(64, smoke) },
          serverVersion: String((rows[0] as { server_version: string }).server_version),
        };
      } finally {
        await pool.end();
      }
    },
  );
}

let schemas = 0;

async function engineVsUpdate(
  pool: pg.Pool,
  concurrency: number,
  smoke: boolean,
): Promise<{
  unnamed: PairedThroughput;
  prepared: PairedThroughput;
  unprepared: PairedThroughput;
}> {
  const { migrate, PostgresStore } = await loadPostgresBuild();
  const schema = `bench_${++schemas}`;
  await migrate(pool, { schema });
  // A generous deadline: the bench measures speed, not the fail-closed timeout.
  const refreshStep = (preparedStatements: boolean) =>
    engineChains(
      engineOn(new PostgresStore(pool, { schema, timeout: 30_000, preparedStatements })),
      concurrency,
    );
  const engineStep = await refreshStep(true);

  const rawStep = await updateLoop(
    (text, values, name) => pool.query({ name, text, values }),
    schema,
    concurrency,
  );
  const plan = { concurrency, pairs: 21, burstMs: 100 };
  return {
    unnamed: await pairedThroughput(engineStep, rawStep(undefined), plan, smoke),
    prepared: await pairedThroughput(engineStep, rawStep(`${schema}_raw_cas`), plan, smoke),
    unprepared: await pairedThroughput(await refreshStep(false), rawStep(undefined), plan, smoke),
  };
}

/** How the UPDATE loop sends a statement: `name` set sends it as a named prepared statement. */
type SendQuery = (text: string, values: unknown[], name?: string) => Promise<{ rows: unknown[] }>;

/**
 * The issue's ceiling: a table of one row per chain, and a step that is one
 * compare-and-set `UPDATE … RETURNING` of chain `i`'s row, sent unnamed or,
 * given a `name`, as a named prepared statement.
 */
async function updateLoop(send: SendQuery, schema: string, concurrency: number) {
  const raw = `"${schema}".raw_cas`;
  await send(
    `CREATE TABLE ${raw} (id text PRIMARY KEY, generation bigint NOT NULL, secret_hash text NOT NULL)`,
    [],
  );
  const generations = Array.from({ length: concurrency }, () => 0);
  for (let i = 0; i < concurrency; i++) {
    await send(`INSERT INTO ${raw} VALUES ($1, 0, 'h')`, [`row-${i}`]);
  }
  const update = `UPDATE ${raw} SET generation = generation + 1, secret_hash = $2
    WHERE id = $1 AND generation = $3 RETURNING generation`;
  return (name: string | undefined) =>
    async (i: number): Promise<void> => {
      const generation = generations[i] as number;
      const result = await send(update, [`row-${i}`, `h${generation}`, generation], name);
      if (result.rows.length !== 1) throw new Error('bench: raw compare-and-set lost its row');
      generations[i] = generation + 1;
    };
}

/**
 * PGlite in memory: the engine on `PostgresStore` with the store's defaults
 * (no prepared statements there, so the fast path calls migration 3's
 * function) against the UPDATE loop on the same database, unnamed. One
 * connection in this process: both sides queue on it and share this thread.
 */
async function pgliteVsUpdate(concurrency: number, smoke: boolean): Promise<PairedThroughput> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { migrate, PostgresStore } = await loadPostgresBuild();
  const db = new PGlite();
  try {
    await migrate(db);
    const store = new PostgresStore(db, { timeout: 30_000 });
    const engineStep = await engineChains(engineOn(store), concurrency);
    const rawStep = await updateLoop(
      (text, values) => db.query(text, values),
      'tokenwarden',
      concurrency,
    );
    const plan = { concurrency, pairs: 21, burstMs: 100 };
    return await pairedThroughput(engineStep, rawStep(undefined), plan, smoke);
  } finally {
    await db.close();
  }
}
