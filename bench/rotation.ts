/**
 * Refresh rotation through the engine's `node` build on MemoryStore, against
 * the hand-written floor in the same process (issue 11), and the heap cost of
 * one session: at 100 000 sessions after login (issue 5), and after 1 000
 * rotations (issue 11: storage O(1) in rotations).
 */
import { type FloorCrypto, NODE_CRYPTO, RotationFloor } from './floor.js';
import { type PairedThroughput, pairedThroughput, type ThroughputPlan } from './measure.js';
import { loadNodeBuild } from './node-build.js';

export const ROTATION_KEY = 'bench-rotation-key-bench-rotation-key!';

const tw = await loadNodeBuild();

type Engine = ReturnType<typeof tw.createRotationEngine>;

/** The engine (`node` build) on a new `MemoryStore`. */
export function engineOnMemory(): Engine {
  return engineOn(new tw.MemoryStore());
}

/** The engine (`node` build) on `store`, with the bench's rotation key. */
export function engineOn(
  store: NonNullable<Parameters<typeof tw.createRotationEngine>[0]>['store'],
): Engine {
  return tw.createRotationEngine({ store, rotationKey: ROTATION_KEY });
}

/** Logs in `count` sessions on `engine` and returns a step advancing chain `i`. */
export async function engineChains(
  engine: Engine,
  count: number,
): Promise<(chain: number) => Promise<unknown>> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    tokens.push((await engine.login({ subject: `user-${i}` })).refreshToken);
  }
  return async (i) => {
    tokens[i] = (await engine.refresh(tokens[i])).refreshToken;
  };
}

/**
 * Engine refresh on MemoryStore ÷ the floor (on `primitives`), in
 * throughput, with `concurrency` chains in flight.
 */
export async function memoryVsFloor(
  concurrency: number,
  smoke: boolean,
  primitives: FloorCrypto = NODE_CRYPTO,
): Promise<PairedThroughput> {
  const engineStep = await engineChains(engineOnMemory(), concurrency);
  const floor = new RotationFloor(ROTATION_KEY, primitives);
  const floorTokens = Array.from({ length: concurrency }, (_, i) => floor.login(`session-${i}`));
  const floorStep = async (i: number) => {
    floorTokens[i] = await floor.refresh(floorTokens[i] as string);
  };
  const plan: ThroughputPlan = { concurrency, pairs: 61, burstMs: 10 };
  return pairedThroughput(engineStep, floorStep, plan, smoke);
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error('bench: run node with --expose-gc');
  collect();
  collect();
}

/**
 * The JS heap plus ArrayBuffer memory (MemoryStore keeps its numbers and
 * digests in typed arrays, which `heapUsed` does not count).
 */
function usedBytes(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/**
 * Bytes per session at `sessions` sessions, each logged in (no device
 * context unless `userAgent`); only what the store and the engine keep is
 * counted: the refresh tokens are dropped.
 */
export async function bytesPerSession(sessions: number, userAgent?: string): Promise<number> {
  const store = new tw.MemoryStore();
  const engine = engineOn(store);
  gc();
  const before = usedBytes();
  for (let i = 0; i < sessions; i++) {
    const subject = `user-${i}`;
    await engine.login(userAgent === undefined ? { subject } : { subject, context: { userAgent } });
  }
  gc();
  const after = usedBytes();
  // Keep the store reachable until after the measurement.
  if ((await store.getSession('none', 0)) !== null) throw new Error('bench: unexpected session');
  return (after - before) / sessions;
}

const TOKEN_SLOT = 128;

/**
 * Bytes per session at `sessions` sessions after login, then after each was
 * rotated `rotations` times (64 chains in flight), in one store. The current
 * tokens live in a buffer allocated before the first measurement, outside
 * the counted growth, so the two figures differ only by what the rotations
 * left in the store and the engine.
 */
export async function bytesAcrossRotations(
  sessions: number,
  rotations: number,
): Promise<{ afterLogin: number; afterRotations: number }> {
  const store = new tw.MemoryStore();
  const engine = engineOn(store);
  const slots = Buffer.alloc(sessions * TOKEN_SLOT);
  const lengths = new Uint8Array(sessions);
  const put = (i: number, token: string) => {
    lengths[i] = slots.write(token, i * TOKEN_SLOT, TOKEN_SLOT, 'latin1');
  };
  const get = (i: number) =>
    slots.toString('latin1', i * TOKEN_SLOT, i * TOKEN_SLOT + (lengths[i] as number));
  gc();
  const before = usedBytes();
  for (let i = 0; i < sessions; i++)
    put(i, (await engine.login({ subject: `user-${i}` })).refreshToken);
  gc();
  const afterLogin = usedBytes();
  let next = 0;
  const worker = async () => {
    while (next < sessions) {
      const i = next++;
      let token = get(i);
      for (let r = 0; r < rotations; r++) token = (await engine.refresh(token)).refreshToken;
      put(i, token);
    }
  };
  await Promise.all(Array.from({ length: Math.min(64, sessions) }, worker));
  gc();
  const afterRotations = usedBytes();
  if ((await store.getSession('none', 0)) !== null) throw new Error('bench: unexpected session');
  return {
    afterLogin: (afterLogin - before) / sessions,
    afterRotations: (afterRotations - before) / sessions,
  };
}
