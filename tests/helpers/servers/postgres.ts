/**
 * A throwaway PostgreSQL: `initdb` in a temporary directory, the server on a
 * random 127.0.0.1 port with its socket in that directory, `fsync` on so a
 * crash or restart keeps committed data, trust authentication on loopback,
 * and a test role owning a test database. Run as Debian's `postgres` user
 * when this process is root, because PostgreSQL refuses to run as root.
 */
import { chownSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../free-port.js';
import { findPostgresBinaries, type PostgresBinaries } from './binaries.js';
import { command, type OsUser, postgresRunAs, run } from './command.js';
import { serverHandle } from './handle.js';
import { makeServerDir } from './server-dir.js';
import { ServerProcess, startOnFreePort } from './server-process.js';
import type { PostgresOptions, PostgresServer } from './types.js';

const SUPERUSER = 'postgres';
const TEST_USER = 'tokenwarden';
const TEST_DATABASE = 'tokenwarden';

// Trust is safe only because the server listens on 127.0.0.1 and its socket sits in a private directory.
const PG_HBA = `local all all trust
host all all 127.0.0.1/32 trust
`;

/**
 * Starts a PostgreSQL; stop it with `stop()` or `stopAllServers()` in `afterAll`.
 *
 * @example
 * const postgres = await startPostgres();
 * afterAll(stopAllServers);
 * // new pg.Pool({ connectionString: postgres.connectionString })
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const binaries = findPostgresBinaries();
  const user = postgresRunAs();
  const dir = makeServerDir('postgres');
  const dataDir = join(dir, 'data');
  try {
    if (user) chownSync(dir, user.uid, user.gid);
    await initdb(binaries, dir, dataDir, user);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const { proc, port } = await startOnFreePort(
    freePort,
    (port) =>
      new ServerProcess({
        name: `postgres on 127.0.0.1:${port}`,
        dir,
        logFile: join(dir, `postgres-${port}.log`),
        command: () =>
          command(binaries.postgres, postgresArgs(port, dir, dataDir, options), {
            user,
            dieWithParent: true,
          }),
        isReady: async () => (await run(command(binaries.pgIsReady, readyArgs(port)))).code === 0,
        readyTimeoutMs: options.readyTimeoutMs ?? 30_000,
        // SIGINT is PostgreSQL's "fast" shutdown: it disconnects clients instead of waiting for them.
        stopSignal: 'SIGINT',
        stopTimeoutMs: 15_000,
      }),
  );
  const url = (role: string, database: string) =>
    `postgresql://${role}@127.0.0.1:${port}/${database}`;
  const server = serverHandle(proc, port, {
    connectionString: url(TEST_USER, TEST_DATABASE),
    adminConnectionString: url(SUPERUSER, SUPERUSER),
    database: TEST_DATABASE,
    user: TEST_USER,
  });
  await createTestRoleAndDatabase(binaries, server.adminConnectionString).catch(async (error) => {
    await server.kill();
    throw error;
  });
  return server;
}

async function initdb(
  binaries: PostgresBinaries,
  dir: string,
  dataDir: string,
  user: OsUser | undefined,
): Promise<void> {
  // --no-sync only skips initdb's own flush of the fresh cluster; the server itself runs with fsync on.
  const args = [
    '-D',
    dataDir,
    '-U',
    SUPERUSER,
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C',
    '--no-sync',
  ];
  const result = await run(command(binaries.initdb, args, { user }), {
    timeoutMs: 60_000,
    cwd: dir,
  });
  if (result.code !== 0)
    throw new Error(`initdb failed (${result.code}):\n${result.stdout}${result.stderr}`);
  // Written into the file initdb made, so it keeps the server user as owner.
  writeFileSync(join(dataDir, 'pg_hba.conf'), PG_HBA);
}

function postgresArgs(
  port: number,
  dir: string,
  dataDir: string,
  options: PostgresOptions,
): string[] {
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: dir,
    fsync: 'on',
    synchronous_commit: 'on',
    full_page_writes: 'on',
    ...options.settings,
  };
  const flags = Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
  return ['-D', dataDir, '-p', String(port), ...flags];
}

function readyArgs(port: number): string[] {
  return ['-h', '127.0.0.1', '-p', String(port), '-U', SUPERUSER, '-t', '1'];
}

async function createTestRoleAndDatabase(binaries: PostgresBinaries, admin: string): Promise<void> {
  const result = await run(
    command(binaries.psql, [
      '-X',
      '-q',
      '-v',
      'ON_ERROR_STOP=1',
      '-d',
      admin,
      '-c',
      `CREATE ROLE ${TEST_USER} LOGIN CREATEDB`,
      '-c',
      `CREATE DATABASE ${TEST_DATABASE} OWNER ${TEST_USER}`,
    ]),
  );
  if (result.code !== 0)
    throw new Error(`creating the test role and database failed:\n${result.stderr}`);
}
