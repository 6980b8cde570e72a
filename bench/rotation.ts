/**
 * Refresh rotation on MemoryStore, in ops/s, with 1 and 64 refresh chains in
 * flight, and the heap cost of one family at 100 000 families.
 */
import { createRotationEngine, MemoryStore } from '../src/index.js';

const ROTATION_KEY = 'bench-rotation-key-bench-rotation-key!';

/** Rotations per second with `concurrency` independent refresh chains for `ms` milliseconds. */
export async function rotationsPerSecond(concurrency: number, ms: number): Promise<number> {
  const engine = createRotationEngine({ store: new MemoryStore(), rotationKey: ROTATION_KEY });
  let done = 0;
  const deadline = performance.now() + ms;
  const start = performance.now();
  const chain = async (subject: string) => {
    let { refreshToken } = await engine.login({ subject });
    while (performance.now() < deadline) {
      ({ refreshToken } = await engine.refresh(refreshToken));
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, i) => chain(`user-${i}`)));
  return done / ((performance.now() - start) / 1000);
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error('bench: run node with --expose-gc');
  collect();
  collect();
}

/**
 * Bytes per family (with its first refresh token record) at `families`
 * families: the JS heap plus ArrayBuffer memory (MemoryStore keeps its
 * numbers in typed arrays, which `heapUsed` does not count); `userAgent`
 * adds a device context like a browser login would.
 */
function usedBytes(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

export async function bytesPerFamily(families: number, userAgent?: string): Promise<number> {
  const store = new MemoryStore();
  const engine = createRotationEngine({ store, rotationKey: ROTATION_KEY });
  gc();
  const before = usedBytes();
  for (let i = 0; i < families; i++) {
    const subject = `user-${i}`;
    await engine.login(userAgent === undefined ? { subject } : { subject, context: { userAgent } });
  }
  gc();
  const after = usedBytes();
  // Keep the store reachable until after the measurement.
  if ((await store.getSession('none', 0)) !== null) throw new Error('bench: unexpected session');
  return (after - before) / families;
}
