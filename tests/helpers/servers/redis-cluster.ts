/**
 * A throwaway Redis Cluster: N masters, no replicas, each a `redis-server
 * --cluster-enabled yes` on a random port whose bus port is free, joined by
 * `redis-cli --cluster create` and ready once every node reports
 * `cluster_state:ok`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { findRedisBinaries } from './binaries.js';
import { command, run } from './command.js';
import { freeClusterPort } from './ports.js';
import { launchRedis } from './redis.js';
import { redisCommand } from './resp.js';
import type { RedisCluster, RedisClusterNode, RedisClusterOptions } from './types.js';

/**
 * Starts a cluster; stop it with `stop()` or `stopAllServers()` in `afterAll`.
 * With the default `requireFullCoverage: false`, a killed master makes only
 * its own slots fail.
 *
 * @example
 * const cluster = await startRedisCluster({ masters: 3 });
 * afterAll(stopAllServers);
 * // createCluster({ rootNodes: cluster.nodes.map(({ url }) => ({ url })) })
 * await (await cluster.nodeForKey('{user:1}')).kill();
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const { masters = 3, requireFullCoverage = false, nodeTimeoutMs = 5000 } = options;
  if (!Number.isInteger(masters) || masters < 3) {
    throw new TypeError(`startRedisCluster: masters must be an integer ≥ 3, got ${masters}`);
  }
  const binaries = findRedisBinaries();
  const nodes: RedisClusterNode[] = [];
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const waitOk = () => waitClusterOk(nodes, readyTimeoutMs);
  const nodeOptions = {
    appendOnly: options.appendOnly,
    readyTimeoutMs: options.readyTimeoutMs,
    args: [
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      'nodes.conf',
      '--cluster-node-timeout',
      String(nodeTimeoutMs),
      '--cluster-require-full-coverage',
      requireFullCoverage ? 'yes' : 'no',
    ],
  };
  try {
    for (let i = 0; i < masters; i++)
      nodes.push(await launchRedis(nodeOptions, freeClusterPort, waitOk));
    const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
    const create = await run(
      command(binaries.cli, [
        '--cluster',
        'create',
        ...addresses,
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ]),
      { timeoutMs: readyTimeoutMs },
    );
    if (create.code !== 0) {
      throw new Error(
        `redis-cli --cluster create failed (${create.code}):\n${tail(create.stdout + create.stderr)}`,
      );
    }
    await waitOk();
  } catch (error) {
    await Promise.allSettled(nodes.map((node) => node.kill()));
    throw error;
  }
  return {
    nodes,
    nodeForKey: (key) => nodeForKey(nodes, key),
    stop: async () => {
      await Promise.all(nodes.map((node) => node.stop()));
    },
  };
}

/** Waits until every running node reports `cluster_state:ok`. */
async function waitClusterOk(nodes: readonly RedisClusterNode[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await Promise.all(nodes.filter((node) => node.running).map(clusterState));
    if (states.every((state) => state === 'ok')) return;
    if (Date.now() > deadline) {
      throw new Error(
        `the cluster is not ok after ${timeoutMs} ms: cluster_state ${states.join(', ')}`,
      );
    }
    await sleep(100);
  }
}

async function clusterState(node: RedisClusterNode): Promise<string> {
  try {
    const info = String(await redisCommand(node.port, ['CLUSTER', 'INFO']));
    return /cluster_state:(\w+)/.exec(info)?.[1] ?? 'unknown';
  } catch (error) {
    return `unreachable (${(error as Error).message})`;
  }
}

async function nodeForKey(
  nodes: readonly RedisClusterNode[],
  key: string,
): Promise<RedisClusterNode> {
  for (const node of nodes.filter(({ running }) => running)) {
    try {
      const slot = Number(await redisCommand(node.port, ['CLUSTER', 'KEYSLOT', key]));
      const owner = ownerPort(String(await redisCommand(node.port, ['CLUSTER', 'NODES'])), slot);
      const found = nodes.find(({ port }) => port === owner);
      if (found) return found;
    } catch {
      // Ask the next node.
    }
  }
  throw new Error(
    `no running node could tell which master owns the slot of ${JSON.stringify(key)}`,
  );
}

/**
 * The port of the master serving `slot`, read from `CLUSTER NODES`: lines of
 * `id ip:port@busport flags master ping pong epoch link slot…`, where a slot
 * entry is `n` or `from-to` (bracketed entries are migrations, not ownership).
 */
export function ownerPort(clusterNodes: string, slot: number): number | undefined {
  for (const line of clusterNodes.split('\n')) {
    const fields = line.trim().split(' ');
    const owns = fields.slice(8).some((range) => {
      if (range.startsWith('[')) return false;
      const [from, to = from] = range.split('-').map(Number);
      return from! <= slot && slot <= to!;
    });
    if (owns) return Number(/:(\d+)@/.exec(fields[1] ?? '')?.[1]);
  }
  return undefined;
}

function tail(text: string, lines = 20): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
