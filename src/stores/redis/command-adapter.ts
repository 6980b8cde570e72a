/**
 * One small command surface over node-redis (≥ 5) and ioredis, standalone or
 * Cluster. The client is recognised by its methods (duck typing): `instanceof`
 * would need both packages loaded and breaks across duplicated installs.
 * Both clients route a script in a Cluster by its first key.
 * @module
 */
import type { StillLive } from '../deadline.js';
import type { Script } from './scripts.js';
import type { IoRedisClient, NodeRedisClient } from './types.js';

/** The commands `RedisStore` sends. Replies are the clients' own (strings, numbers, arrays). */
export interface CommandAdapter {
  readonly kind: 'node-redis' | 'ioredis';
  evalsha(sha: string, keys: string[], args: string[]): Promise<unknown>;
  eval(source: string, keys: string[], args: string[]): Promise<unknown>;
  hmget(key: string, fields: string[]): Promise<unknown>;
  get(key: string): Promise<unknown>;
  /** `ZRANGE key 0 -1`: every member of a sorted set, lowest score first. */
  zrangeAll(key: string): Promise<unknown>;
}

/** The adapter for `client`; a `TypeError` when it is neither client. */
export function commandAdapter(client: unknown): CommandAdapter {
  if (hasMethods(client, ['evalSha', 'eval', 'hmGet', 'get', 'zRange'])) {
    return nodeRedis(client as NodeRedisClient);
  }
  if (hasMethods(client, ['evalsha', 'eval', 'hmget', 'get', 'zrange'])) {
    return ioredis(client as IoRedisClient);
  }
  throw new TypeError(
    'tokenwarden/redis: client must be a node-redis client (createClient, createCluster) or an ioredis client (Redis, Cluster)',
  );
}

function hasMethods(value: unknown, names: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return names.every((name) => typeof record[name] === 'function');
}

function nodeRedis(client: NodeRedisClient): CommandAdapter {
  return {
    kind: 'node-redis',
    evalsha: (sha, keys, args) => client.evalSha(sha, { keys, arguments: args }),
    eval: (source, keys, args) => client.eval(source, { keys, arguments: args }),
    hmget: (key, fields) => client.hmGet(key, fields),
    get: (key) => client.get(key),
    zrangeAll: (key) => client.zRange(key, 0, -1),
  };
}

function ioredis(client: IoRedisClient): CommandAdapter {
  return {
    kind: 'ioredis',
    evalsha: (sha, keys, args) => client.evalsha(sha, keys.length, ...keys, ...args),
    eval: (source, keys, args) => client.eval(source, keys.length, ...keys, ...args),
    hmget: (key, fields) => client.hmget(key, ...fields),
    get: (key) => client.get(key),
    zrangeAll: (key) => client.zrange(key, 0, -1),
  };
}

/**
 * Runs `script` by SHA. On `NOSCRIPT` (a flushed cache, a restarted or new
 * Cluster node) it sends the source once with `EVAL`, which also caches it on
 * that node. `NOSCRIPT` means the script did not run, so this never runs it
 * twice; and once the call's deadline passed, nothing more is sent.
 */
export async function runScript(
  redis: CommandAdapter,
  script: Script,
  keys: string[],
  args: string[],
  live: StillLive,
): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, keys, args);
  } catch (error) {
    if (!isNoScript(error) || !live()) throw error;
    return redis.eval(script.source, keys, args);
  }
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}
