/**
 * Environment configuration shared by both example apps (DESIGN "HTTP contract
 * of the example apps"): PORT, HOST, STORE, REDIS_URL, DATABASE_URL, DATA_DIR,
 * ROTATION_KEY, ACCESS_TTL, REFRESH_TTL, REUSE_GRACE, COOKIE_SECURE, LOGIN_LIMIT_*, DEMO_MODE.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toSeconds } from 'tokenwarden';
import type { LoginLimits } from './login-throttle.js';
import { StartupError } from './startup-error.js';

/** Which TokenStore backs the app. */
export type StoreKind = 'memory' | 'redis' | 'postgres' | 'pglite';

/** The parsed configuration of an example app. */
export interface ExampleConfig {
  port: number;
  host: string;
  store: StoreKind;
  /** Set when `store` is `redis`. */
  redisUrl: string | undefined;
  /** Set when `store` is `postgres`. */
  databaseUrl: string | undefined;
  /** PGlite's data directory, absolute. */
  dataDir: string;
  /** Secret the refresh-token successors are derived from; see {@link readConfig}. */
  rotationKey: string | undefined;
  accessTtl: number;
  refreshTtl: number;
  reuseGrace: number;
  cookieSecure: boolean;
  /** SIGNING_KEY: a private Ed25519 JWK as JSON; unset, the key is kept in DATA_DIR. */
  signingKey: string | undefined;
  /** SIGNING_KEY_PREVIOUS: the key before the last rotation, verify-only. */
  signingKeyPrevious: string | undefined;
  /** LOGIN_LIMIT_PER_ADDRESS (20), LOGIN_LIMIT_PER_USERNAME (10), LOGIN_LIMIT_WINDOW (15m). */
  loginLimits: LoginLimits;
  /** DEMO_MODE=1: the demo-only "Simulate theft" endpoint exists (off by default). */
  demoMode: boolean;
}

const STORES: readonly StoreKind[] = ['memory', 'redis', 'postgres', 'pglite'];
const URL_OF_STORE = { redis: 'REDIS_URL', postgres: 'DATABASE_URL' } as const;
const URL_SCHEMES = {
  REDIS_URL: ['redis:', 'rediss:'],
  DATABASE_URL: ['postgres:', 'postgresql:'],
} as const;

/** `examples/.data`: where PGlite keeps its files when DATA_DIR is not set. */
export const DEFAULT_DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../.data');

/**
 * Reads the configuration from `env`, failing fast with a {@link StartupError}
 * (one line, naming the variable) on bad or missing values. A relative
 * `DATA_DIR` is resolved against the working directory.
 */
export function readConfig(
  env: NodeJS.ProcessEnv = process.env,
  defaults: { dataDir?: string } = {},
): ExampleConfig {
  const store = (env.STORE || 'memory') as StoreKind;
  if (!STORES.includes(store)) {
    throw new StartupError(
      `STORE must be one of ${STORES.join(', ')} (got ${JSON.stringify(env.STORE)})`,
    );
  }
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new StartupError(`PORT must be a port number (got ${JSON.stringify(env.PORT)})`);
  }
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    store,
    redisUrl: store === 'redis' ? storeUrl(env, 'REDIS_URL') : undefined,
    databaseUrl: store === 'postgres' ? storeUrl(env, 'DATABASE_URL') : undefined,
    dataDir: resolve(env.DATA_DIR || defaults.dataDir || DEFAULT_DATA_DIR),
    rotationKey: rotationKey(env.ROTATION_KEY),
    accessTtl: seconds(env.ACCESS_TTL ?? '15m', 'ACCESS_TTL'),
    refreshTtl: seconds(env.REFRESH_TTL ?? '7d', 'REFRESH_TTL'),
    reuseGrace: seconds(env.REUSE_GRACE ?? '5s', 'REUSE_GRACE'),
    cookieSecure: parseBoolean(env.COOKIE_SECURE, true, 'COOKIE_SECURE'),
    signingKey: env.SIGNING_KEY || undefined,
    signingKeyPrevious: env.SIGNING_KEY_PREVIOUS || undefined,
    loginLimits: {
      perAddress: count(env.LOGIN_LIMIT_PER_ADDRESS, 20, 'LOGIN_LIMIT_PER_ADDRESS'),
      perUsername: count(env.LOGIN_LIMIT_PER_USERNAME, 10, 'LOGIN_LIMIT_PER_USERNAME'),
      windowMs: seconds(env.LOGIN_LIMIT_WINDOW ?? '15m', 'LOGIN_LIMIT_WINDOW') * 1000,
    },
    demoMode: parseBoolean(env.DEMO_MODE, false, 'DEMO_MODE'),
  };
}

/**
 * `host:port/path` of a store URL, without its user or password: what start-up
 * messages may print.
 */
export function redactedUrl(url: string): string {
  const { host, pathname } = new URL(url);
  return `${host}${pathname === '/' ? '' : pathname}`;
}

function storeUrl(env: NodeJS.ProcessEnv, name: (typeof URL_OF_STORE)[keyof typeof URL_OF_STORE]) {
  const value = env[name];
  const store = env.STORE;
  if (!value) throw new StartupError(`STORE=${store} needs ${name} (e.g. ${example(name)})`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The value may hold a password: never echo it.
    throw new StartupError(`${name} is not a URL (e.g. ${example(name)})`);
  }
  if (!(URL_SCHEMES[name] as readonly string[]).includes(url.protocol)) {
    throw new StartupError(
      `${name} must start with ${URL_SCHEMES[name].map((s) => `${s}//`).join(' or ')} (got ${url.protocol}//…)`,
    );
  }
  return value;
}

function example(name: keyof typeof URL_SCHEMES): string {
  return name === 'REDIS_URL'
    ? 'REDIS_URL=redis://127.0.0.1:6379'
    : 'DATABASE_URL=postgresql://user:password@127.0.0.1:5432/app';
}

// The engine refuses shorter keys; saying so here names the variable.
function rotationKey(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (new TextEncoder().encode(value).length < 32) {
    throw new StartupError('ROTATION_KEY must be at least 32 bytes (e.g. `openssl rand -hex 32`)');
  }
  return value;
}

function seconds(value: string, name: string): number {
  try {
    return toSeconds(value, name);
  } catch (error) {
    throw new StartupError((error as Error).message);
  }
}

function count(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new StartupError(
      `${name} must be a whole number of attempts, at least 1 (got ${JSON.stringify(value)})`,
    );
  }
  return n;
}

function parseBoolean(value: string | undefined, fallback: boolean, name: string): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new StartupError(`${name} must be true or false (got ${JSON.stringify(value)})`);
}
