/**
 * RedisStore on a real 3-master Redis Cluster with node-redis `createCluster` and
 * ioredis `Cluster`:
 * the behaviour suite (every script on one slot), the slot layout checked
 * against `CLUSTER KEYSLOT`, and a killed master failing only its own slots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subjectTag } from '../../src/session/store.js';
import { RedisStore } from '../../src/stores/redis/index.js';
import {
  type RedisCluster,
  redisCommand,
  startRedisCluster,
  stopAllServers,
} from '../helpers/servers/index.js';
import {
  clusterInspector,
  connectCluster,
  keySlot,
  newSubject,
  sessionRecord,
  type TestClient,
} from './redis-harness.js';
import { describeDeclaredKeys } from './redis-declared-keys.js';
import { describeRedisStore } from './redis-suite.js';

let cluster: RedisCluster;
let client: TestClient;
let ioredisClient: TestClient;

beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3 });
  client = await connectCluster('node-redis', cluster);
  ioredisClient = await connectCluster('ioredis', cluster);
});

afterAll(async () => {
  await Promise.all([client?.close(), ioredisClient?.close()]);
  await stopAllServers();
});

describeRedisStore('Redis Cluster × node-redis', {
  client: () => client,
  inspect: () => clusterInspector(cluster),
});

describeRedisStore('Redis Cluster × ioredis', {
  client: () => ioredisClient,
  inspect: () => clusterInspector(cluster),
});

describeDeclaredKeys('Redis Cluster × node-redis', () => client);
describeDeclaredKeys('Redis Cluster × ioredis', () => ioredisClient);

describe('RedisStore on Redis Cluster: slots', () => {
  it('the test’s slot function agrees with CLUSTER KEYSLOT on the store’s keys', async () => {
    const subject = newSubject();
    const tag = subjectTag(subject);
    const keys = [`tw:{${tag}}:s:${tag}abc`, `tw:{${tag}}:u:${subject}`, `tw:j:${subject}`];
    for (const key of keys) {
      expect(await redisCommand(cluster.nodes[0]!.port, ['CLUSTER', 'KEYSLOT', key])).toBe(
        keySlot(key),
      );
    }
  });

  // Last in the file: it kills a master for good.
  it('one master killed: calls on its slots fail closed, the other masters keep serving', async () => {
    const now = Date.now();
    const store = new RedisStore({ client: client.client, timeout: 500 });
    const subjects = Array.from({ length: 30 }, newSubject);
    const records = subjects.map((subject) => sessionRecord(now, { subject }));
    for (const record of records) await store.createSession(record);
    const owners = await Promise.all(
      records.map((record) => cluster.nodeForKey(`{${subjectTag(record.subject)}}`)),
    );
    const victim = owners[0]!;
    const onVictim = records.filter((_, i) => owners[i] === victim);
    const elsewhere = records.filter((_, i) => owners[i] !== victim);
    expect(elsewhere.length).toBeGreaterThan(0);

    await victim.kill();
    const started = Date.now();
    await expect(store.getSession(onVictim[0]!.id, now)).rejects.toThrow();
    await expect(store.revokeSubject(onVictim[0]!.subject, now)).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5000);
    for (const record of elsewhere.slice(0, 5)) {
      expect(await store.getSession(record.id, now)).toEqual(record);
      expect(await store.revokeSession(record.id, now + 1)).toBe(true);
    }
  });
});
