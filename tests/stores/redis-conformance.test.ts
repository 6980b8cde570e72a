/**
 * The conformance kit (`runStoreConformance`, unchanged) against RedisStore:
 * Redis × node-redis, Redis × ioredis, Redis Cluster × node-redis. Redis
 * expires records by its own TTL, so the kit runs on real time (`realTtl`),
 * and each store gets its own prefix so the raw key count (`KEYS prefix*`, on
 * every node) proves that expired records are really gone.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { RedisStore } from '../../src/stores/redis/index.js';
import { runStoreConformance } from '../../src/testing/index.js';
import {
  type RedisCluster,
  type RedisServer,
  startRedis,
  startRedisCluster,
  stopAllServers,
} from '../helpers/servers/index.js';
import {
  clusterInspector,
  connectCluster,
  connectStandalone,
  type Inspector,
  standaloneInspector,
  type TestClient,
} from './redis-harness.js';

let server: RedisServer;
let cluster: RedisCluster;
const clients = new Map<string, TestClient>();

beforeAll(async () => {
  [server, cluster] = await Promise.all([startRedis(), startRedisCluster({ masters: 3 })]);
  clients.set('Redis × node-redis', await connectStandalone('node-redis', server));
  clients.set('Redis × ioredis', await connectStandalone('ioredis', server));
  clients.set('Redis Cluster × node-redis', await connectCluster('node-redis', cluster));
});

afterAll(async () => {
  await Promise.all([...clients.values()].map((client) => client.close()));
  await stopAllServers();
});

for (const target of ['Redis × node-redis', 'Redis × ioredis', 'Redis Cluster × node-redis']) {
  const prefixes = new WeakMap<RedisStore, string>();
  const inspector = (): Inspector =>
    target.startsWith('Redis Cluster') ? clusterInspector(cluster) : standaloneInspector(server);
  runStoreConformance(
    `RedisStore on ${target}`,
    () => {
      const prefix = `conformance-${randomUUID()}:`;
      const store = new RedisStore({ client: clients.get(target)!.client, prefix });
      prefixes.set(store, prefix);
      return store;
    },
    {
      realTtl: { ttlMs: 300 },
      inspect: {
        countRecords: async (store) => (await inspector().keys(`${prefixes.get(store)}*`)).length,
      },
    },
  );
}
