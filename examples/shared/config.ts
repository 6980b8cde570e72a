/**
 * Environment configuration shared by both example apps (DESIGN "HTTP contract
 * of the example apps"): PORT, HOST, STORE, REDIS_URL, DATABASE_URL,
 * ACCESS_TTL, REFRESH_TTL, REUSE_GRACE, COOKIE_SECURE.
 */
import { toSeconds } from 'tokenwarden';

/** Which TokenStore backs the app. Only `memory` ships in this release. */
export type StoreKind = 'memory' | 'redis' | 'postgres';

/** The parsed configuration of an example app. */
export interface ExampleConfig {
  port: number;
  host: string;
  store: StoreKind;
  redisUrl: string | undefined;
  databaseUrl: string | undefined;
  accessTtl: number;
  refreshTtl: number;
  reuseGrace: number;
  cookieSecure: boolean;
}

const STORES: readonly StoreKind[] = ['memory', 'redis', 'postgres'];

/** Reads the configuration from `env`, failing fast with a clear message on bad values. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ExampleConfig {
  const store = (env.STORE ?? 'memory') as StoreKind;
  if (!STORES.includes(store)) {
    throw new TypeError(
      `STORE must be one of ${STORES.join(', ')} (got ${JSON.stringify(env.STORE)})`,
    );
  }
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError(`PORT must be a port number (got ${JSON.stringify(env.PORT)})`);
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    store,
    redisUrl: env.REDIS_URL,
    databaseUrl: env.DATABASE_URL,
    accessTtl: toSeconds(env.ACCESS_TTL ?? '15m', 'ACCESS_TTL'),
    refreshTtl: toSeconds(env.REFRESH_TTL ?? '7d', 'REFRESH_TTL'),
    reuseGrace: toSeconds(env.REUSE_GRACE ?? '5s', 'REUSE_GRACE'),
    cookieSecure: parseBoolean(env.COOKIE_SECURE, true, 'COOKIE_SECURE'),
  };
}

function parseBoolean(value: string | undefined, fallback: boolean, name: string): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new TypeError(`${name} must be true or false (got ${JSON.stringify(value)})`);
}
