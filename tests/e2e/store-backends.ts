/**
 * The stores the e2e suites run the examples on. Each example instance gets
 * storage of its own (a fresh PostgreSQL database, PGlite data directory or
 * Redis logical database), so instances never see each other's sessions, as
 * with the in-memory store; one server per test file is shared by all of them.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { StoreKind } from '../../examples/shared/config.js';
import { startPostgres, startRedis, stopAllServers } from '../helpers/servers/index.js';
import type { PostgresServer, RedisServer } from '../helpers/servers/types.js';

/** A store kind and how to give one more example instance its own storage. */
export interface StoreBackend {
  readonly kind: StoreKind;
  /** STORE and its variables for one more instance, isolated from the others. */
  instanceEnv(): Promise<Record<string, string>>;
  /** Stops the servers and removes the directories this backend made. */
  dispose(): Promise<void>;
}

// The same on every instance, as a shared store requires (and it silences the example's warning).
const ROTATION_KEY = 'e2e-rotation-key-0123456789abcdef0123456789';

/** The in-memory store: nothing to set up. */
export function memoryBackend(): StoreBackend {
  return {
    kind: 'memory',
    instanceEnv: async () => ({ STORE: 'memory' }),
    dispose: async () => {},
  };
}

/** A throwaway PostgreSQL (started on first use); one database per instance. */
export function postgresBackend(): StoreBackend {
  let server: Promise<PostgresServer> | undefined;
  let databases = 0;
  return {
    kind: 'postgres',
    async instanceEnv() {
      server ??= startPostgres();
      const { adminConnectionString, connectionString, user } = await server;
      const database = `e2e_${++databases}`;
      const admin = new pg.Client({ connectionString: adminConnectionString });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${database} OWNER ${user}`);
      } finally {
        await admin.end();
      }
      const url = new URL(connectionString);
      url.pathname = `/${database}`;
      return { STORE: 'postgres', DATABASE_URL: url.href, ROTATION_KEY };
    },
    dispose: stopAllServers,
  };
}

/** A throwaway Redis (started on first use); one logical database (`/N`) per instance. */
export function redisBackend(): StoreBackend {
  let server: Promise<RedisServer> | undefined;
  let databases = 0;
  return {
    kind: 'redis',
    async instanceEnv() {
      server ??= startRedis({ args: ['--databases', '64'] });
      const { url } = await server;
      return { STORE: 'redis', REDIS_URL: `${url}/${++databases}`, ROTATION_KEY };
    },
    dispose: stopAllServers,
  };
}

/**
 * PGlite in a fresh temporary DATA_DIR per instance, removed at the end. A new
 * PGlite data directory takes PGlite about ten seconds to initialise on this
 * machine, a copy of one about one second to open: each instance gets a copy
 * of one initialised (empty, unmigrated) directory, laid out as the example
 * lays out DATA_DIR (`pglite/`). pglite-restart.test.ts covers a fresh one.
 */
export function pgliteBackend(): StoreBackend {
  const dirs: string[] = [];
  let template: Promise<string> | undefined;
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tokenwarden-e2e-pglite-'));
    dirs.push(dir);
    return dir;
  };
  return {
    kind: 'pglite',
    async instanceEnv() {
      template ??= initialisedPglite(join(tempDir(), 'pglite'));
      const dir = tempDir();
      cpSync(await template, join(dir, 'pglite'), { recursive: true });
      return { STORE: 'pglite', DATA_DIR: dir };
    },
    async dispose() {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function initialisedPglite(dataDir: string): Promise<string> {
  const db = await PGlite.create({ dataDir });
  await db.close();
  return dataDir;
}
