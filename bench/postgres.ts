/**
 * Refresh through the engine's `node` build on `PostgresStore` against the
 * raw ceiling with the same `pg` pool in the same run (issue 12): a loop of
 * single-row compare-and-set `UPDATE … RETURNING` statements, one row per
 * chain. The engine's refresh is two statements (the session read, then the
 * rotation's `UPDATE … RETURNING`), so half the ceiling is about what two
 * round trips allow.
 */
import pg from 'pg';
import { startPostgres } from '../tests/helpers/servers/index.js';
import { type PairedThroughput, pairedThroughput } from './measure.js';
import { loadNodeBuild, loadPostgresBuild } from './node-build.js';
import { ROTATION_KEY } from './rotation.js';
import { type Section, withServer } from './servers.js';

/** Connections in the pool both sides share. */
export const POOL_SIZE = 16;

export interface PostgresResults {
  readonly c1: PairedThroughput;
  readonly c64: PairedThroughput;
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
        return {
          c1: await engineVsUpdate(pool, 1, smoke),
          c64: await engineVsUpdate(pool, 64, smoke),
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
): Promise<PairedThroughput> {
  const tw = await loadNodeBuild();
  const { migrate, PostgresStore } = await loadPostgresBuild();
  const schema = `bench_${++schemas}`;
  await migrate(pool, { schema });
  // A generous deadline: the bench measures speed, not the fail-closed timeout.
  const store = new PostgresStore(pool, { schema, timeout: 30_000 });
  const engine = tw.createRotationEngine({ store, rotationKey: ROTATION_KEY });
  const tokens: string[] = [];
  for (let i = 0; i < concurrency; i++) {
    tokens.push((await engine.login({ subject: `user-${i}` })).refreshToken);
  }
  const engineStep = async (i: number) => {
    tokens[i] = (await engine.refresh(tokens[i])).refreshToken;
  };

  const raw = `"${schema}".raw_cas`;
  await pool.query(
    `CREATE TABLE ${raw} (id text PRIMARY KEY, generation bigint NOT NULL, secret_hash text NOT NULL)`,
  );
  const generations = Array.from({ length: concurrency }, () => 0);
  for (let i = 0; i < concurrency; i++) {
    await pool.query(`INSERT INTO ${raw} VALUES ($1, 0, 'h')`, [`row-${i}`]);
  }
  const update = `UPDATE ${raw} SET generation = generation + 1, secret_hash = $2
    WHERE id = $1 AND generation = $3 RETURNING generation`;
  const rawStep = async (i: number) => {
    const generation = generations[i] as number;
    const result = await pool.query(update, [`row-${i}`, `h${generation}`, generation]);
    if (result.rowCount !== 1) throw new Error('bench: raw compare-and-set lost its row');
    generations[i] = generation + 1;
  };
  return pairedThroughput(engineStep, rawStep, { concurrency, pairs: 21, burstMs: 100 }, smoke);
}
