/**
 * `tokenwarden/redis`: {@link RedisStore}, the `TokenStore` for Redis and
 * Valkey, standalone or Cluster, with the app's node-redis (`redis` ≥ 5) or
 * ioredis client. Both clients are optional peer dependencies: install the
 * one you use.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { RedisStore } from 'tokenwarden/redis';
 *
 * const client = new Redis(process.env.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
 * const store = new RedisStore({ client, timeout: 2000 });
 * ```
 * @module
 */
export { RedisStore } from './redis-store.js';
export type { IoRedisClient, NodeRedisClient, RedisStoreOptions } from './types.js';
