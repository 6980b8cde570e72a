/**
 * Everything both example apps share: configuration, demo users, the store
 * and one `createAuth` instance. Each framework's app.ts only wires routes.
 */
import { type Auth, createAuth, type VerifyStepUp } from 'tokenwarden';
import { type ExampleConfig, readConfig } from './config.js';
import { createHashGate } from './login-throttle.js';
import { createTheftDemo, type TheftDemo } from './theft-demo.js';
import { rotationKeyFor } from './rotation-key.js';
import { createVerifyStepUp } from './second-factor.js';
import { loadSigningKeys } from './signing-keys.js';
import { openStore } from './store.js';
import { type DemoUser, seedUsers, verifyPassword } from './users.js';

/** What an example app is built from. */
export interface ExampleSetup {
  config: ExampleConfig;
  auth: Auth;
  /** Users by id, for `/api/me`. */
  usersById: Map<string, DemoUser>;
  verifyCredentials: (credentials: {
    username: string;
    password: string;
  }) => Promise<{ subject: string } | null>;
  /** Checks a step-up's TOTP code or password (`POST /auth/step-up`). */
  verifyStepUp: VerifyStepUp;
  /** With STORE=redis: a raw command on the store's client, for shared login counters. */
  redisCommand?: (args: string[]) => Promise<unknown>;
  /** Only with DEMO_MODE=1: keeps each session's previous refresh token to replay it. */
  theftDemo?: TheftDemo;
  /** Closes the store's client, pool or database: call it on shutdown, after the server. */
  close(): Promise<void>;
}

// scrypt runs on libuv's 4 threads: a few more checks queued keep them busy,
// and a flood past that is refused at once rather than queued for seconds.
// The queue holds more than one address's login limit (20), so one address
// alone cannot fill it.
const HASH_CONCURRENCY = 4;
const HASH_QUEUE = 32;

/** What tests (and each server.ts) may set beyond the environment. */
export interface SetupOverrides {
  /** Injected time, to expire tokens without sleeping. */
  clock?: () => number;
  /** PGlite's data directory when DATA_DIR is not set: `.data` beside the example's server.ts. */
  dataDir?: string;
}

/** The origin the app is served from: the issuer, and the only origin allowed to refresh. */
export function appOrigin(config: ExampleConfig): string {
  return process.env.PUBLIC_ORIGIN ?? `http://${config.host}:${config.port}`;
}

/**
 * Builds the shared setup from the environment, opening the store. Fails with
 * a `StartupError` on a bad variable or an unreachable store.
 */
export async function createExampleSetup(
  env: NodeJS.ProcessEnv = process.env,
  overrides: SetupOverrides = {},
): Promise<ExampleSetup> {
  const config = readConfig(env, { dataDir: overrides.dataDir });
  const users = await seedUsers();
  const usersById = new Map([...users.values()].map((user) => [user.id, user]));
  // Kept in DATA_DIR (or SIGNING_KEY): access tokens survive a restart.
  const keys = await loadSigningKeys(config);
  const origin = appOrigin(config);
  const { store, close, redisCommand } = await openStore(config);
  const hashGate = createHashGate(HASH_CONCURRENCY, HASH_QUEUE);
  const auth = closeOnThrow(close, () => {
    const rotationKey = rotationKeyFor(config);
    return createAuth({
      issuer: origin,
      audience: 'tokenwarden-demo',
      keys,
      store,
      ...(rotationKey ? { rotationKey } : {}),
      accessTtl: config.accessTtl,
      refreshTtl: config.refreshTtl,
      reuseGrace: config.reuseGrace,
      accessRevocation: 'session',
      // Tests inject a clock to expire tokens without sleeping; the store gets
      // its time from the engine, so this one clock rules both.
      ...(overrides.clock ? { clock: overrides.clock } : {}),
      origins: [origin, origin.replace('127.0.0.1', 'localhost')],
      cookies: { secure: config.cookieSecure },
      // A refresh from another browser than the one the session trusts asks
      // for the second factor first (nothing rotates, nothing is revoked);
      // POST /auth/step-up from that browser makes it the trusted one.
      refreshPolicy: (session, presented) =>
        session.device?.userAgent === presented.userAgent ? 'allow' : 'step-up',
      accessClaims: (subject) => {
        const user = usersById.get(subject);
        return { username: user?.username ?? '', role: user?.role ?? 'user' };
      },
    });
  });
  return {
    config,
    auth,
    usersById,
    verifyCredentials: async ({ username, password }) => {
      const user = await hashGate.run(() => verifyPassword(users, username, password));
      return user ? { subject: user.id } : null;
    },
    verifyStepUp: createVerifyStepUp(usersById, overrides.clock),
    ...(redisCommand ? { redisCommand } : {}),
    ...(config.demoMode ? { theftDemo: createTheftDemo(origin) } : {}),
    close,
  };
}

// A store opened for an app that then fails to build must not keep the process alive.
function closeOnThrow<T>(close: () => Promise<void>, build: () => T): T {
  try {
    return build();
  } catch (error) {
    void close();
    throw error;
  }
}
