/**
 * Across processes on PostgreSQL (issue 12): two Node processes race 200
 * refreshes each of one token through one server. See cross-process-suite.ts
 * for the claims.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { migrate, PostgresStore } from '../../src/stores/postgres/index.js';
import { type PostgresServer, startPostgres, stopAllServers } from '../helpers/servers/index.js';
import { PROCESSES, RACERS, raceAcrossProcesses } from './cross-process-suite.js';

let server: PostgresServer;
let pool: pg.Pool;

beforeAll(async () => {
  server = await startPostgres();
  pool = new pg.Pool({ connectionString: server.connectionString, max: 4 });
  // pool.end() resolves before its clients have closed, so stopAllServers' fast
  // shutdown can still reach one; an idle client's error then goes to the pool
  // and, unhandled, fails the whole run (as in the other PostgreSQL suites).
  pool.on('error', () => {});
}, 60_000);

afterAll(async () => {
  await pool?.end();
  await stopAllServers();
});

describe('across processes: PostgreSQL', () => {
  it(`${PROCESSES} processes × ${RACERS} concurrent refreshes of one token: one successor lineage, no false reuse; a replay after the window revokes`, async () => {
    const schema = 'cross_process';
    await migrate(pool, { schema });
    await raceAcrossProcesses(new PostgresStore(pool, { schema }), () => ({
      kind: 'postgres',
      connectionString: server.connectionString,
      schema,
    }));
  }, 120_000);
});
