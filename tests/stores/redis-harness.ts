/**
 * Clients, records and raw inspectors for the RedisStore tests: node-redis and
 * ioredis on a throwaway standalone Redis or Cluster, each configured to fail
 * fast (no offline queue), and a look at the keys that does not go through the
 * store.
 */
import { randomBytes } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import { createClient, createCluster } from 'redis';
import type { SessionRecord } from '../../src/session/store.js';
import { RedisStore } from '../../src/stores/redis/index.js';
import type { RedisStoreOptions } from '../../src/stores/redis/types.js';
import { sessionRecord as kitSessionRecord } from '../../src/testing/records.js';
import { redisCli, redisCommand } from '../helpers/servers/index.js';
import type { RedisCluster, RedisServer } from '../helpers/servers/index.js';

export type ClientName = 'node-redis' | 'ioredis';
export const CLIENT_NAMES: readonly ClientName[] = ['node-redis', 'ioredis'];

/** A connected client of either kind, with its close. */
export interface TestClient {
  readonly client: RedisStoreOptions['client'];
  close(): Promise<void>;
}

const ignore = () => {};

/** A standalone client that fails fast when the server is gone. */
export async function connectStandalone(
  name: ClientName,
  server: RedisServer,
): Promise<TestClient> {
  if (name === 'node-redis') {
    const client = createClient({
      url: server.url,
      disableOfflineQueue: true,
      socket: { connectTimeout: 1000, reconnectStrategy: (retries) => Math.min(50 * retries, 300) },
    });
    client.on('error', ignore);
    await client.connect();
    return { client, close: () => client.destroy() as unknown as Promise<void> };
  }
  const client = new Redis(server.port, server.host, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    connectTimeout: 1000,
    retryStrategy: (times) => Math.min(50 * times, 300),
  });
  client.on('error', ignore);
  await client.connect();
  return { client, close: async () => client.disconnect() };
}

/** A Cluster client (node-redis `createCluster` or ioredis `Cluster`). */
export async function connectCluster(name: ClientName, cluster: RedisCluster): Promise<TestClient> {
  if (name === 'node-redis') {
    const client = createCluster({
      rootNodes: cluster.nodes.map(({ url }) => ({ url })),
      defaults: {
        disableOfflineQueue: true,
        socket: {
          connectTimeout: 1000,
          reconnectStrategy: (retries) => Math.min(50 * retries, 300),
        },
      },
    });
    client.on('error', ignore);
    await client.connect();
    return { client, close: () => client.destroy() as unknown as Promise<void> };
  }
  const client = new Cluster(
    cluster.nodes.map(({ port, host }) => ({ port, host })),
    {
      lazyConnect: true,
      enableOfflineQueue: false,
      redisOptions: { maxRetriesPerRequest: 0, connectTimeout: 1000 },
    },
  );
  client.on('error', ignore);
  await client.connect();
  return { client, close: async () => client.disconnect() };
}

/** Raw access to the server(s) behind a store, bypassing it. */
export interface Inspector {
  /** One command on the node that holds `key` (its hash slot). */
  command(key: string, args: readonly string[]): Promise<string | number | null>;
  /** One command through redis-cli on the node that holds `key`: its trimmed raw output. */
  cli(key: string, args: readonly string[]): Promise<string>;
  /** Every key matching `pattern`, over all nodes (KEYS: tests only). */
  keys(pattern: string): Promise<string[]>;
  /** `SCRIPT FLUSH` on every node. */
  flushScripts(): Promise<void>;
}

export function standaloneInspector(server: RedisServer): Inspector {
  return {
    command: (_key, args) => redisCommand(server.port, args),
    cli: (_key, args) => rawCli(server.port, args),
    keys: (pattern) => keysOn([server.port], pattern),
    flushScripts: async () => {
      await redisCommand(server.port, ['SCRIPT', 'FLUSH']);
    },
  };
}

export function clusterInspector(cluster: RedisCluster): Inspector {
  const running = () => cluster.nodes.filter(({ running }) => running);
  return {
    command: async (key, args) => redisCommand((await cluster.nodeForKey(key)).port, args),
    cli: async (key, args) => rawCli((await cluster.nodeForKey(key)).port, args),
    keys: (pattern) =>
      keysOn(
        running().map(({ port }) => port),
        pattern,
      ),
    flushScripts: async () => {
      await Promise.all(running().map(({ port }) => redisCommand(port, ['SCRIPT', 'FLUSH'])));
    },
  };
}

async function rawCli(port: number, args: readonly string[]): Promise<string> {
  return (await redisCli(port, ['--raw', ...args])).stdout.trim();
}

async function keysOn(ports: readonly number[], pattern: string): Promise<string[]> {
  const replies = await Promise.all(
    ports.map((port) => redisCli(port, ['--raw', 'KEYS', pattern])),
  );
  return replies.flatMap(({ stdout }) => stdout.split('\n').filter((line) => line.length > 0));
}

/** A fresh subject, unique to the test that asks. */
export function newSubject(): string {
  return `user-${randomBytes(6).toString('hex')}`;
}

const DAY = 86_400_000;

/**
 * A generation-0 session of `subject` created at `now`, with the engine's
 * lifetimes (7-day idle, 30-day absolute, kept a day past it): the kit's
 * builder, so the record shape is written once.
 */
export function sessionRecord(now: number, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return kitSessionRecord(now, 7 * DAY, {
    subject: newSubject(),
    absoluteExpiresAt: now + 30 * DAY,
    expiresAt: now + 31 * DAY,
    device: { userAgent: 'vitest', ip: '127.0.0.1' },
    ...overrides,
  });
}

/** A store on `client` with a short deadline by default, for tests. */
export function storeOn(client: TestClient, options: Partial<RedisStoreOptions> = {}): RedisStore {
  return new RedisStore({ client: client.client, ...options });
}

/**
 * The Redis Cluster hash slot of `key` (CRC16/XMODEM of its hash tag, mod
 * 16384), checked against `CLUSTER KEYSLOT` in the Cluster suite.
 */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  const close = open === -1 ? -1 : key.indexOf('}', open + 1);
  const hashed = close > open + 1 ? key.slice(open + 1, close) : key;
  let crc = 0;
  for (const byte of Buffer.from(hashed)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc % 16384;
}
