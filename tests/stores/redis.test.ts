/**
 * RedisStore on a real standalone Redis, with node-redis and with ioredis:
 * the behaviour suite, plus construction checks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandAdapter, runScript } from '../../src/stores/redis/command-adapter.js';
import { RedisStore } from '../../src/stores/redis/index.js';
import { DENY_JTI } from '../../src/stores/redis/scripts.js';
import { type RedisServer, startRedis, stopAllServers } from '../helpers/servers/index.js';
import {
  CLIENT_NAMES,
  connectStandalone,
  newSubject,
  sessionRecord,
  standaloneInspector,
  type TestClient,
} from './redis-harness.js';
import { describeDeclaredKeys } from './redis-declared-keys.js';
import { describeRedisStore } from './redis-suite.js';

let server: RedisServer;
const clients = new Map<string, TestClient>();

beforeAll(async () => {
  server = await startRedis();
  for (const name of CLIENT_NAMES) clients.set(name, await connectStandalone(name, server));
});

afterAll(async () => {
  await Promise.all([...clients.values()].map((client) => client.close()));
  await stopAllServers();
});

for (const name of CLIENT_NAMES) {
  describeRedisStore(`Redis × ${name}`, {
    client: () => clients.get(name)!,
    inspect: () => standaloneInspector(server),
  });
}

for (const name of CLIENT_NAMES) {
  describeDeclaredKeys(`Redis × ${name}`, () => clients.get(name)!);
}

describe.each(CLIENT_NAMES)('scripts by SHA with %s', (name) => {
  it('a call past its deadline that meets NOSCRIPT sends nothing more; within it, EVAL runs it once', async () => {
    const redis = commandAdapter(clients.get(name)!.client);
    const inspect = standaloneInspector(server);
    const key = `tw:j:${newSubject()}`;
    const args = [String(Date.now() + 60_000), String(Date.now())];
    await inspect.flushScripts();
    await expect(runScript(redis, DENY_JTI, [key], args, () => false)).rejects.toThrow(/NOSCRIPT/);
    expect(await inspect.command(key, ['EXISTS', key])).toBe(0);
    expect(await runScript(redis, DENY_JTI, [key], args, () => true)).toBe(1);
    expect(await inspect.command(key, ['GET', key])).toBe(args[0]);
  });
});

describe('new RedisStore', () => {
  it('refuses what is not a node-redis or ioredis client', () => {
    expect(() => new RedisStore({ client: {} as never })).toThrow(
      /client must be a node-redis client .* or an ioredis client/,
    );
    expect(() => new RedisStore(undefined as never)).toThrow(TypeError);
  });

  it('refuses a prefix with a hash-tag brace and a timeout that is not a positive number', () => {
    const client = clients.get('ioredis')!.client;
    expect(() => new RedisStore({ client, prefix: 'app{1}:' })).toThrow(/without \{ or \}/);
    for (const timeout of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '2000']) {
      expect(() => new RedisStore({ client, timeout: timeout as number })).toThrow(TypeError);
    }
  });

  it('refuses a session whose id does not start with its subject’s tag', async () => {
    const store = new RedisStore({ client: clients.get('node-redis')!.client });
    const record = sessionRecord(Date.now());
    await expect(store.createSession({ ...record, subject: newSubject() })).rejects.toThrow(
      /must start with its subject's tag/,
    );
  });
});
