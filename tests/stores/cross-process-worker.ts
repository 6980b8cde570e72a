/**
 * One of the processes of the cross-process race (cross-process-suite.ts),
 * run as `node --import tsx cross-process-worker.ts`. It reads its task as
 * JSON from argv, connects to the shared store, prints `ready`, waits for
 * `go` on stdin (so both processes fire together), fires `racers` concurrent
 * refreshes of the same token, prints one JSON line with every outcome and
 * the events it saw, and exits.
 */
import { createInterface } from 'node:readline';
import {
  type AuthEvent,
  createRotationEngine,
  isAuthError,
  type TokenStore,
} from '../../src/index.js';

export interface WorkerTask {
  readonly store:
    | { readonly kind: 'postgres'; readonly connectionString: string; readonly schema: string }
    | {
        readonly kind: 'redis' | 'redis-cluster';
        readonly client: 'node-redis' | 'ioredis';
        /** The server, or every Cluster node. */
        readonly nodes: readonly { readonly host: string; readonly port: number }[];
        readonly prefix: string;
      };
  readonly rotationKey: string;
  readonly reuseGrace: number;
  readonly maxGraceReplays: number;
  readonly token: string;
  readonly racers: number;
}

/** An outcome: the successor a 200 OK would carry, or the error code. */
export type Outcome =
  | { readonly ok: true; readonly token: string }
  | { readonly ok: false; readonly code: string };

export interface WorkerReport {
  readonly outcomes: Outcome[];
  readonly events: Partial<Record<AuthEvent['type'], number>>;
}

type Opened = { store: TokenStore; close: () => Promise<void> };

async function openStore(task: WorkerTask): Promise<Opened> {
  const spec = task.store;
  if (spec.kind === 'postgres') {
    const { default: pg } = await import('pg');
    const { PostgresStore } = await import('../../src/stores/postgres/index.js');
    // One connection per racer at most: the race is decided by the server, not by a client-side queue.
    const pool = new pg.Pool({ connectionString: spec.connectionString, max: 20 });
    // A generous deadline: a loaded CI machine must not turn the race into STORE_UNAVAILABLE.
    const store = new PostgresStore(pool, { schema: spec.schema, timeout: 60_000 });
    return { store, close: () => pool.end() };
  }
  const { RedisStore } = await import('../../src/stores/redis/index.js');
  const { client, close } = await redisClient(spec);
  return { store: new RedisStore({ client, prefix: spec.prefix, timeout: 60_000 }), close };
}

async function redisClient(
  spec: Extract<WorkerTask['store'], { kind: 'redis' | 'redis-cluster' }>,
) {
  const ignore = () => {};
  if (spec.client === 'node-redis') {
    const { createClient, createCluster } = await import('redis');
    const urls = spec.nodes.map(({ host, port }) => ({ url: `redis://${host}:${port}` }));
    const client =
      spec.kind === 'redis' ? createClient(urls[0]) : createCluster({ rootNodes: urls });
    client.on('error', ignore);
    await client.connect();
    return { client, close: async () => void (await client.close()) };
  }
  const { Cluster, Redis } = await import('ioredis');
  const [first] = spec.nodes;
  const client =
    spec.kind === 'redis'
      ? new Redis(first?.port ?? 0, first?.host ?? '127.0.0.1', { lazyConnect: true })
      : new Cluster([...spec.nodes], { lazyConnect: true });
  client.on('error', ignore);
  await client.connect();
  return { client, close: async () => void (await client.quit()) };
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '') as WorkerTask;
  const { store, close } = await openStore(task);
  const events: WorkerReport['events'] = {};
  const engine = createRotationEngine({
    store,
    rotationKey: task.rotationKey,
    reuseGrace: task.reuseGrace,
    maxGraceReplays: task.maxGraceReplays,
    onEvent: (event) => {
      events[event.type] = (events[event.type] ?? 0) + 1;
    },
  });
  // A first read warms the connection, so the race is not also a race to connect.
  await store.getSession('warm-up', Date.now());
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) if (line === 'go') break;
  lines.close();
  const outcomes = await Promise.all(
    Array.from({ length: task.racers }, async (): Promise<Outcome> => {
      try {
        return { ok: true, token: (await engine.refresh(task.token)).refreshToken };
      } catch (error) {
        if (isAuthError(error)) return { ok: false, code: error.code };
        throw error;
      }
    }),
  );
  await close();
  process.stdout.write(`${JSON.stringify({ outcomes, events } satisfies WorkerReport)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
