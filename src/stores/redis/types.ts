/**
 * Public types of `tokenwarden/redis`: the options of `RedisStore` and the
 * shapes of the two clients it accepts, described structurally so neither
 * package is needed to compile against the other.
 * @module
 */

/**
 * What `RedisStore` uses of a node-redis (`redis` ≥ 5) client: `createClient()`
 * or `createCluster()`.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const client: NodeRedisClient = await createClient({ url, disableOfflineQueue: true }).connect();
 * ```
 */
export interface NodeRedisClient {
  /** Runs a loaded script by its SHA-1 (`EVALSHA`). */
  evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  /** Runs a script from source (`EVAL`), once after `NOSCRIPT`. */
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  /** `HMGET`: the fields of a hash. */
  hmGet(key: string, fields: string[]): Promise<unknown>;
  /** `GET`: a string value. */
  get(key: string): Promise<unknown>;
  /** `ZRANGE`: a subject's session ids, read before the script that declares their keys. */
  zRange(key: string, min: number, max: number): Promise<unknown>;
}

/**
 * What `RedisStore` uses of an ioredis client (`new Redis()` or
 * `new Cluster()`; Valkey too).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const client: IoRedisClient = new Redis(url, { enableOfflineQueue: false });
 * ```
 */
export interface IoRedisClient {
  /** Runs a loaded script by its SHA-1 (`EVALSHA`). */
  evalsha(sha: string, numkeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  /** Runs a script from source (`EVAL`), once after `NOSCRIPT`. */
  eval(script: string, numkeys: number, ...keysAndArgs: string[]): Promise<unknown>;
  /** `HMGET`: the fields of a hash. */
  hmget(key: string, ...fields: string[]): Promise<unknown>;
  /** `GET`: a string value. */
  get(key: string): Promise<unknown>;
  /** `ZRANGE`: a subject's session ids, read before the script that declares their keys. */
  zrange(key: string, start: number, stop: number): Promise<unknown>;
}

/**
 * Options of `RedisStore`.
 *
 * @example
 * ```ts
 * new RedisStore({ client, prefix: 'myapp:auth:', timeout: 1500 });
 * ```
 */
export interface RedisStoreOptions {
  /**
   * A connected node-redis (`createClient`, `createCluster`) or ioredis
   * (`Redis`, `Cluster`) client. The app owns it: it connects and closes it.
   */
  client: NodeRedisClient | IoRedisClient;
  /** Prefix of every key. Default `'tw:'`. Must not contain `{` or `}` (hash tags are the store's). */
  prefix?: string;
  /**
   * Deadline of every store call, in ms. Default 2000. A call that does not
   * answer in time rejects (the engine answers `STORE_UNAVAILABLE`); its
   * late answer is ignored and nothing is retried.
   */
  timeout?: number;
}
