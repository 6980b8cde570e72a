/**
 * Throwaway Redis, Redis Cluster and PostgreSQL servers for the store tests,
 * on random 127.0.0.1 ports, driven by the Debian binaries
 * (`apt-get install redis-server postgresql`; `.ci/run` installs them).
 *
 * @example
 * import { startRedis, stopAllServers } from '../helpers/servers/index.js';
 * let redis: RedisServer;
 * beforeAll(async () => { redis = await startRedis(); });
 * afterAll(stopAllServers);
 */
export { INSTALL_COMMAND, MissingServerBinariesError } from './binaries.js';
export { registerForCleanup, stopAllServers } from './cleanup.js';
export { psql, type RunResult, redisCli } from './cli.js';
export { startPostgres } from './postgres.js';
export { startRedis } from './redis.js';
export { startRedisCluster } from './redis-cluster.js';
export { RespError, redisCommand } from './resp.js';
export { ServerStartError } from './server-process.js';
export type * from './types.js';
