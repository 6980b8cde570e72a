/**
 * The one place the example apps choose their TokenStore:
 * STORE=memory|redis|postgres|pglite. Each driver is imported only when its
 * store is chosen, so `npm run demo` (memory) loads none of them and needs
 * nothing installed. Stores take the engine's time (`now`) on every call, so
 * none is given a clock here.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryStore, type TokenStore } from 'tokenwarden';
import { type ExampleConfig, redactedUrl } from './config.js';
import { StartupError } from './startup-error.js';

/** An open store and how to let go of it on shutdown. */
export interface ExampleStore {
  store: TokenStore;
  /** Whether sessions outlive this process (every store but `memory`). */
  durable: boolean;
  /** With `redis`: one raw command on the store's client, for the login counters of `rate-limit-redis`. */
  redisCommand?: (args: string[]) => Promise<unknown>;
  /** Closes the client, pool or database; idempotent. */
  close(): Promise<void>;
}

// Per call, the same deadline the stores use by default: past it the engine
// answers STORE_UNAVAILABLE (503) instead of hanging the request.
const STORE_TIMEOUT_MS = 2_000;

/**
 * Opens the store the configuration asks for, or fails with a
 * {@link StartupError} naming the variable to fix.
 */
export async function openStore(config: ExampleConfig): Promise<ExampleStore> {
  switch (config.store) {
    case 'memory':
      return { store: new MemoryStore(), durable: false, close: async () => {} };
    case 'postgres':
      return openPostgres(config.databaseUrl!);
    case 'pglite':
      return openPglite(config.dataDir);
    case 'redis':
      return openRedis(config.redisUrl!);
  }
}

/** `DATA_DIR` itself: private to the app's user, as it holds every session. */
export function ensureDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new StartupError(`DATA_DIR: cannot create ${dataDir} (${reason(error)})`);
  }
}

async function openRedis(url: string): Promise<ExampleStore> {
  const [{ createClient }, { RedisStore }] = await Promise.all([
    driver(() => import('redis'), 'redis', 'redis'),
    import('tokenwarden/redis'),
  ]);
  let connected = false;
  // The settings of the README's "Production: Redis".
  const client = createClient({
    url,
    // A command while disconnected fails now (503), instead of running later.
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2_000,
      // At start-up an unreachable server is a configuration error: give up at
      // once. Once connected, reconnect with a capped backoff.
      reconnectStrategy: (retries, cause) =>
        connected ? Math.min(50 * 2 ** retries, 2_000) : cause,
    },
  });
  // Unhandled, node-redis's 'error' event would crash Node.
  client.on('error', (error: Error) => {
    if (connected) console.error(`tokenwarden example: Redis: ${error.message}`);
  });
  try {
    await client.connect();
  } catch (error) {
    throw new StartupError(
      `REDIS_URL: cannot connect to Redis at ${redactedUrl(url)} (${reason(error)})`,
    );
  }
  connected = true;
  return {
    store: new RedisStore({ client, timeout: STORE_TIMEOUT_MS }),
    durable: true,
    redisCommand: (args) => client.sendCommand(args),
    close: once(async () => {
      connected = false;
      await client.close();
    }),
  };
}

async function openPostgres(url: string): Promise<ExampleStore> {
  const [{ default: pg }, { migrate, PostgresStore }] = await Promise.all([
    driver(() => import('pg'), 'postgres', 'pg'),
    import('tokenwarden/postgres'),
  ]);
  // The settings of the README's "Production: PostgreSQL and PGlite".
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 1_000,
    statement_timeout: 1_000,
    query_timeout: STORE_TIMEOUT_MS,
  });
  // Unhandled, an idle client's error (the server restarting) would crash Node.
  pool.on('error', (error) => console.error(`tokenwarden example: PostgreSQL: ${error.message}`));
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end().catch(() => {});
    throw new StartupError(
      `DATABASE_URL: cannot set up PostgreSQL at ${redactedUrl(url)} (${reason(error)})`,
    );
  }
  return {
    store: new PostgresStore(pool, { timeout: STORE_TIMEOUT_MS }),
    durable: true,
    close: once(() => pool.end()),
  };
}

async function openPglite(dataDir: string): Promise<ExampleStore> {
  const [{ PGlite }, { migrate, PostgresStore }] = await Promise.all([
    driver(() => import('@electric-sql/pglite'), 'pglite', '@electric-sql/pglite'),
    import('tokenwarden/postgres'),
  ]);
  ensureDataDir(dataDir);
  // PGlite gets a folder of its own: DATA_DIR also holds the rotation key.
  const pgliteDir = join(dataDir, 'pglite');
  let db: InstanceType<typeof PGlite>;
  try {
    db = await PGlite.create({ dataDir: pgliteDir });
    await migrate(db);
  } catch (error) {
    throw new StartupError(`DATA_DIR: cannot open PGlite in ${pgliteDir} (${reason(error)})`);
  }
  return {
    store: new PostgresStore(db, { timeout: STORE_TIMEOUT_MS }),
    durable: true,
    close: once(() => db.close()),
  };
}

async function driver<T>(load: () => Promise<T>, store: string, pkg: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      throw new StartupError(`STORE=${store} needs the ${pkg} package: npm install ${pkg}`);
    }
    throw error;
  }
}

function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= close();
    return closing;
  };
}

function reason(error: unknown): string {
  const err = error as { message?: unknown; code?: unknown; errors?: { message?: unknown }[] };
  // pg reports a refused connection to every address of `localhost` as an AggregateError with an empty message.
  const message = err.message || err.errors?.map((e) => e.message).join('; ') || err.code;
  return String(message || error).split('\n')[0]!;
}
