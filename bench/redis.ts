/**
 * Redis (issue 11), on a throwaway standalone server with one node-redis
 * client: refresh through the engine's `node` build on `RedisStore` against
 * the raw ceiling with the same client in the same run, a loop of one-key
 * compare-and-set `EVALSHA` calls (one key per chain); and the memory of a
 * session by `MEMORY USAGE` of its keys, after login and after 1 000
 * rotations. The engine's refresh is one round trip: the fast path's
 * `EVALSHA` (`rotateIfCurrent`) checks, rotates and answers the record.
 */
import { createClient } from 'redis';
import { startRedis } from '../tests/helpers/servers/index.js';
import { type PairedThroughput, pairedThroughput } from './measure.js';
import { loadRedisBuild } from './node-build.js';
import { keyLayout, sessionTag } from '../src/stores/redis/keys.js';
import { ROTATE_IF_CURRENT } from '../src/stores/redis/scripts.js';
import { engineChains, engineOn, engineOnMemory } from './rotation.js';
import { type Section, withServer } from './servers.js';

type Client = ReturnType<typeof createClient>;

export interface RedisResults {
  readonly c1: PairedThroughput;
  readonly c64: PairedThroughput;
  readonly memory: {
    readonly sessions: number;
    readonly rotations: number;
    readonly afterLogin: number;
    readonly afterRotations: number;
    /** Keys in the database per session after the rotations (the session hash and its subject's index). */
    readonly keysPerSession: number;
  };
  readonly serverVersion: string;
  /**
   * Engine ÷ the fast path's own script called bare (the same server work,
   * no engine, no store code): beside the target, not it. Absent in results
   * before it.
   */
  readonly bareScript?: { readonly c1: PairedThroughput; readonly c64: PairedThroughput };
  /**
   * The engine's refresh on MemoryStore followed by one ceiling call, per
   * step, ÷ the ceiling: the most any Redis store could reach whose round trip
   * cost no more than the ceiling's. Absent in results before it.
   */
  readonly bound?: { readonly c1: PairedThroughput; readonly c64: PairedThroughput };
}

const CAS_SCRIPT = `local g = redis.call('HGET', KEYS[1], 'g')
if g ~= ARGV[1] then return false end
redis.call('HSET', KEYS[1], 'g', ARGV[2], 'h', ARGV[3])
return ARGV[2]`;

export async function benchRedis(smoke: boolean): Promise<Section<RedisResults>> {
  return withServer(
    'Redis',
    () => startRedis(),
    async (server) => {
      const client: Client = createClient({ url: server.url });
      client.on('error', () => {});
      await client.connect();
      try {
        const info = String(await client.sendCommand(['INFO', 'server']));
        return {
          c1: await engineVsEvalsha(client, 1, smoke),
          c64: await engineVsEvalsha(client, 64, smoke),
          bareScript: {
            c1: await engineVsBareScript(client, 1, smoke),
            c64: await engineVsBareScript(client, 64, smoke),
          },
          bound: {
            c1: await boundVsEvalsha(client, 1, smoke),
            c64: await boundVsEvalsha(client, 64, smoke),
          },
          memory: await sessionMemory(client, 20, 1000),
          serverVersion: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown',
        };
      } finally {
        await client.quit();
      }
    },
  );
}

let prefixes = 0;

async function engine(client: Client) {
  const { RedisStore } = await loadRedisBuild();
  const prefix = `bench${++prefixes}:`;
  // A generous deadline: the bench measures speed, not the fail-closed timeout.
  const store = new RedisStore({ client, prefix, timeout: 30_000 });
  return { prefix, store, engine: engineOn(store) };
}

/** The ceiling: one key per chain, and a step that is one compare-and-set `EVALSHA` on chain `i`'s key. */
async function ceilingLoop(client: Client, concurrency: number) {
  const sha = await client.scriptLoad(CAS_SCRIPT);
  const generations = Array.from({ length: concurrency }, () => 0);
  const run = ++prefixes;
  const key = (i: number) => `raw${run}:{${i}}`;
  for (let i = 0; i < concurrency; i++) await client.hSet(key(i), { g: '0', h: 'h' });
  return async (i: number) => {
    const generation = generations[i] as number;
    const reply = await client.evalSha(sha, {
      keys: [key(i)],
      arguments: [String(generation), String(generation + 1), `h${generation}`],
    });
    if (reply === null) throw new Error('bench: raw compare-and-set lost its key');
    generations[i] = generation + 1;
  };
}

async function engineVsEvalsha(
  client: Client,
  concurrency: number,
  smoke: boolean,
): Promise<PairedThroughput> {
  const engineStep = await engineChains((await engine(client)).engine, concurrency);
  const rawStep = await ceilingLoop(client, concurrency);
  return pairedThroughput(engineStep, rawStep, { concurrency, pairs: 21, burstMs: 100 }, smoke);
}

/**
 * The bound: per step, the engine's refresh on MemoryStore (the engine's own
 * work, cryptography and parsing included, plus MemoryStore's few
 * microseconds) and then one ceiling call. A Redis store adds its round trip
 * to the engine's work; if that round trip cost exactly the ceiling's call,
 * this is the throughput it would reach. Its ratio to the ceiling is what a
 * target against the ceiling can ask of any store, however lean its script.
 */
async function boundVsEvalsha(
  client: Client,
  concurrency: number,
  smoke: boolean,
): Promise<PairedThroughput> {
  const refreshStep = await engineChains(engineOnMemory(), concurrency);
  const rawStep = await ceilingLoop(client, concurrency);
  const boundStep = async (i: number) => {
    await refreshStep(i);
    await rawStep(i);
  };
  return pairedThroughput(boundStep, rawStep, { concurrency, pairs: 21, burstMs: 100 }, smoke);
}

/** A digest-sized stand-in for generation `g`'s secret digest. */
const digest = (g: number) => String(g).padStart(43, 'A');

/**
 * Engine refresh ÷ the store's own `rotateIfCurrent` script sent bare by the
 * same client: the server does the same work for both (the record, the token
 * version, the rotation), so the ratio is what the engine and the store cost
 * on the client, and in the round trip, beyond the script.
 */
async function engineVsBareScript(
  client: Client,
  concurrency: number,
  smoke: boolean,
): Promise<PairedThroughput> {
  const { engine: e, store, prefix } = await engine(client);
  const engineStep = await engineChains(e, concurrency);
  // Sessions made by the store, then given a digest the bare loop can name.
  const keys = keyLayout(prefix);
  const ids: string[] = [];
  for (let i = 0; i < concurrency; i++) {
    const { sessionId } = await e.login({ subject: `bare-${i}` });
    const session = await store.getSession(sessionId, Date.now());
    if (session === null) throw new Error('bench: a new session is missing');
    await store.createSession({ ...session, generation: 0, secretHash: digest(0) });
    ids.push(sessionId);
  }
  const generations = ids.map(() => 0);
  const sha = await client.scriptLoad(ROTATE_IF_CURRENT.source);
  const bareStep = async (i: number) => {
    const id = ids[i] as string;
    const generation = generations[i] as number;
    const now = Date.now();
    const reply = (await client.evalSha(sha, {
      keys: [keys.session(id)],
      arguments: [
        String(generation),
        digest(generation + 1),
        String(now),
        String(now + 3_600_000),
        digest(generation),
        keys.tokenVersionPrefix(sessionTag(id)),
      ],
    })) as unknown[];
    if (reply[0] !== 'ok') throw new Error(`bench: the bare script answered ${String(reply[0])}`);
    generations[i] = generation + 1;
  };
  return pairedThroughput(engineStep, bareStep, { concurrency, pairs: 21, burstMs: 100 }, smoke);
}

async function sessionMemory(client: Client, sessions: number, rotations: number) {
  await client.flushAll();
  const { engine: e, prefix } = await engine(client);
  const step = await engineChains(e, sessions);
  const keys = async () => {
    const found: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      found.push(...batch);
    }
    return found;
  };
  const usage = async () => {
    let bytes = 0;
    for (const k of await keys()) {
      bytes += Number(await client.sendCommand(['MEMORY', 'USAGE', k, 'SAMPLES', '0']));
    }
    return bytes / sessions;
  };
  const afterLogin = await usage();
  await Promise.all(
    Array.from({ length: sessions }, async (_, i) => {
      for (let r = 0; r < rotations; r++) await step(i);
    }),
  );
  const afterRotations = await usage();
  const keysPerSession = (await keys()).length / sessions;
  return { sessions, rotations, afterLogin, afterRotations, keysPerSession };
}
