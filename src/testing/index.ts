/**
 * `tokenwarden/testing`: the conformance suite every {@link TokenStore} must
 * pass, unchanged: MemoryStore, the Redis and PostgreSQL stores, and yours.
 * It registers vitest tests (vitest is an optional peer dependency): races
 * (100 concurrent rotations of one token, one winner), expiry, revocation,
 * listing, token versions, the denylist and cleanup. Every test builds its
 * own store; none depends on another.
 *
 * @example
 * ```ts
 * // tests/my-store.test.ts
 * import { runStoreConformance } from 'tokenwarden/testing';
 * import { MyStore } from '../src/my-store.js';
 *
 * runStoreConformance('MyStore', (clock) => new MyStore({ clock: clock.now }));
 * ```
 * @module
 */
import { describe, it } from 'vitest';
import type { TokenStore } from '../session/store.js';
import {
  type ConformanceClock,
  type ConformanceTestName,
  type Harness,
  registerTests,
} from './conformance-tests.js';

export type { ConformanceClock, ConformanceTestName } from './conformance-tests.js';

/**
 * Options of {@link runStoreConformance}.
 *
 * @example
 * ```ts
 * runStoreConformance('RedisStore', () => makeRedisStore(), { realTtl: { ttlMs: 300 }, teardown: (s) => s.close() });
 * ```
 */
export interface ConformanceOptions<S extends TokenStore> {
  /** Tests to leave out, each with the reason (printed when the suite registers). */
  skip?: Partial<Record<ConformanceTestName, string>>;
  /**
   * For stores that cannot take the injected clock (their backend's TTL
   * decides, as in Redis): the clock is then real time and expiry tests use
   * records living `ttlMs` milliseconds and really wait that long. Keep it
   * short (e.g. 300).
   */
  realTtl?: { ttlMs: number };
  /**
   * Raw inspectors that look at the backend directly rather than through the
   * store's own reads (Auth.js's idea). `countRecords` counts every stored
   * record (keys, rows): `delete-expired` checks that cleanup really frees them.
   */
  inspect?: { countRecords(store: S): Promise<number> };
  /** Called after each test with its store (close connections, drop keys). */
  teardown?: (store: S) => Promise<void> | void;
}

/**
 * Registers the conformance tests for a store under `describe(name)`.
 * `makeStore` gets a fresh controllable clock per test; pass it to the store
 * if it accepts one.
 *
 * @example
 * ```ts
 * import { runStoreConformance } from 'tokenwarden/testing';
 * import { MemoryStore } from 'tokenwarden';
 *
 * runStoreConformance('MemoryStore', (clock) => new MemoryStore({ clock: clock.now }));
 * runStoreConformance('RedisStore', () => new RedisStore({ client }), {
 *   realTtl: { ttlMs: 300 },
 *   skip: { 'records-isolated': 'records are always deserialized copies' },
 * });
 * ```
 */
export function runStoreConformance<S extends TokenStore>(
  name: string,
  makeStore: (clock: ConformanceClock) => S | Promise<S>,
  options: ConformanceOptions<S> = {},
): void {
  const test = (id: ConformanceTestName, title: string, body: (h: Harness<S>) => Promise<void>) => {
    const reason = options.skip?.[id];
    if (reason !== undefined) {
      console.info(`[tokenwarden conformance] ${name}: skipped "${id}": ${reason}`);
      return;
    }
    const timeout = options.realTtl ? options.realTtl.ttlMs * 4 + 10_000 : undefined;
    it(`${id}: ${title}`, () => withHarness(makeStore, options, body), timeout);
  };
  describe(`${name} conforms to TokenStore`, () => registerTests(test));
}

async function withHarness<S extends TokenStore>(
  makeStore: (clock: ConformanceClock) => S | Promise<S>,
  options: ConformanceOptions<S>,
  body: (h: Harness<S>) => Promise<void>,
): Promise<void> {
  const real = options.realTtl;
  let now = Date.now();
  const clock: ConformanceClock = real ? { now: () => Date.now() } : { now: () => now };
  const store = await makeStore(clock);
  const advance = async (ms: number) => {
    // Real TTLs get a margin: backends expire on their own clock and schedule.
    if (real) await new Promise((resolve) => setTimeout(resolve, ms + 100));
    else now += ms;
  };
  const inspect = options.inspect;
  const countRecords = inspect ? () => inspect.countRecords(store) : undefined;
  try {
    await body({ store, clock, advance, shortTtl: real ? real.ttlMs : 60_000, countRecords });
  } finally {
    await options.teardown?.(store);
  }
}
