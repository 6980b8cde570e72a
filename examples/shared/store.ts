/**
 * The one place the example apps choose their TokenStore (STORE=memory|redis|postgres).
 * Only the in-memory store ships in this release; the Redis and PostgreSQL
 * stores plug in here when `tokenwarden/redis` and `tokenwarden/postgres` land.
 */
import { MemoryStore, type TokenStore } from 'tokenwarden';
import type { ExampleConfig } from './config.js';

/** Creates the store the configuration asks for, or fails with a clear message. */
export async function createStore(
  config: ExampleConfig,
  clock: () => number = Date.now,
): Promise<TokenStore> {
  switch (config.store) {
    case 'memory':
      // The store compares expiry times with the same clock the auth writes them with.
      return new MemoryStore({ clock });
    case 'redis':
    case 'postgres':
      throw new Error(
        `STORE=${config.store} is not available yet: tokenwarden/${config.store} ships in a later release. Use STORE=memory.`,
      );
  }
}
