/**
 * Across processes on Redis, standalone and Cluster (issue 11): two Node
 * processes race 200 refreshes each of one token through one server (one
 * with node-redis, the other with ioredis, as a mixed fleet would). See
 * cross-process-suite.ts for the claims.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { RedisStore } from '../../src/stores/redis/index.js';
import {
  type RedisCluster,
  type RedisServer,
  startRedis,
  startRedisCluster,
  stopAllServers,
} from '../helpers/servers/index.js';
import type { WorkerTask } from './cross-process-worker.js';
import { PROCESSES, RACERS, raceAcrossProcesses } from './cross-process-suite.js';
import { connectCluster, connectStandalone, type TestClient } from './redis-harness.js';

const CLIENTS = ['node-redis', 'ioredis'] as const;
const PREFIX = 'xproc:';

let server: RedisServer;
let cluster: RedisCluster;
let standaloneClient: TestClient;
let clusterClient: TestClient;

beforeAll(async () => {
  [server, cluster] = await Promise.all([startRedis(), startRedisCluster({ masters: 3 })]);
  standaloneClient = await connectStandalone('node-redis', server);
  clusterClient = await connectCluster('node-redis', cluster);
}, 120_000);

afterAll(async () => {
  await Promise.all([standaloneClient?.close(), clusterClient?.close()]);
  await stopAllServers();
});

const title = `${PROCESSES} processes × ${RACERS} concurrent refreshes of one token: one successor lineage, no false reuse; a replay after the window revokes`;

const nodesOf = (servers: readonly RedisServer[]) =>
  servers.map(({ host, port }) => ({ host, port }));

function workerStore(
  kind: 'redis' | 'redis-cluster',
  servers: readonly RedisServer[],
): (worker: number) => WorkerTask['store'] {
  return (worker) => ({
    kind,
    client: CLIENTS[worker % CLIENTS.length] ?? 'node-redis',
    nodes: nodesOf(servers),
    prefix: PREFIX,
  });
}

describe('across processes: Redis', () => {
  it(title, async () => {
    const store = new RedisStore({ client: standaloneClient.client, prefix: PREFIX });
    await raceAcrossProcesses(store, workerStore('redis', [server]));
  }, 120_000);
});

describe('across processes: Redis Cluster', () => {
  it(title, async () => {
    const store = new RedisStore({ client: clusterClient.client, prefix: PREFIX });
    await raceAcrossProcesses(store, workerStore('redis-cluster', cluster.nodes));
  }, 120_000);
});
