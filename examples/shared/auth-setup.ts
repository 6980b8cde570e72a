/**
 * Everything both example apps share: configuration, demo users, the store
 * and one `createAuth` instance. Each framework's app.ts only wires routes.
 */
import { exportJWK, generateKeyPair } from 'jose';
import { type Auth, createAuth, createKeySet } from 'tokenwarden';
import { type ExampleConfig, readConfig } from './config.js';
import { createStore } from './store.js';
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
}

/** The origin the app is served from: the issuer, and the only origin allowed to refresh. */
export function appOrigin(config: ExampleConfig): string {
  return process.env.PUBLIC_ORIGIN ?? `http://${config.host}:${config.port}`;
}

/** Builds the shared setup from the environment. */
export async function createExampleSetup(
  env: NodeJS.ProcessEnv = process.env,
  overrides: { clock?: () => number } = {},
): Promise<ExampleSetup> {
  const config = readConfig(env);
  const users = await seedUsers();
  const usersById = new Map([...users.values()].map((user) => [user.id, user]));
  // A fresh Ed25519 key per start keeps the demo self-contained; a real app
  // loads its keys from a secret store so tokens survive restarts.
  const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  const origin = appOrigin(config);
  const auth = createAuth({
    issuer: origin,
    audience: 'tokenwarden-demo',
    keys: await createKeySet({ keys: [{ alg: 'EdDSA', jwk: await exportJWK(privateKey) }] }),
    store: await createStore(config, overrides.clock),
    accessTtl: config.accessTtl,
    refreshTtl: config.refreshTtl,
    reuseGrace: config.reuseGrace,
    accessRevocation: 'session',
    // Tests inject a clock to expire tokens without sleeping.
    ...(overrides.clock ? { clock: overrides.clock } : {}),
    origins: [origin, origin.replace('127.0.0.1', 'localhost')],
    cookies: { secure: config.cookieSecure },
    accessClaims: (subject) => {
      const user = usersById.get(subject);
      return { username: user?.username ?? '', role: user?.role ?? 'user' };
    },
  });
  return {
    config,
    auth,
    usersById,
    verifyCredentials: async ({ username, password }) => {
      const user = await verifyPassword(users, username, password);
      return user ? { subject: user.id } : null;
    },
  };
}
