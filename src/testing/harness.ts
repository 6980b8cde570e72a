/**
 * The per-test harness of the conformance suite: a fresh store, the suite's
 * clock and a way to move time, then the store's teardown.
 * @module
 */
import type { TokenStore } from '../session/store.js';
import type { ConformanceClock, ConformanceTestName, Harness } from './conformance-tests.js';

/**
 * Options of `runStoreConformance`.
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
   * For stores whose backend's own TTL decides expiry (Redis), so they
   * cannot follow the `now` they are given: the clock is then real time,
   * expiry tests use records living `ttlMs` milliseconds and really wait
   * that long, and `deleteExpired` may return 0. Keep it short (e.g. 300).
   */
  realTtl?: { ttlMs: number };
  /**
   * Raw inspectors that look at the backend directly rather than through the
   * store's own reads (Auth.js's idea). `countRecords` counts every stored
   * record (keys, rows): `delete-expired` checks that cleanup really frees
   * them. Without it, `delete-expired` still checks the counts
   * `deleteExpired` returns.
   */
  inspect?: {
    /** Every record the store holds for its sessions, counted in the backend itself. */
    countRecords(store: S): Promise<number>;
  };
  /** Called after each test with its store (close connections, drop keys). */
  teardown?: (store: S) => Promise<void> | void;
}

/**
 * Runs one conformance test body against a fresh store from `makeStore`.
 *
 * @example
 * ```ts
 * await withHarness(() => new MemoryStore(), {}, body);
 * ```
 */
export async function withHarness<S extends TokenStore>(
  makeStore: (clock: ConformanceClock) => S | Promise<S>,
  options: ConformanceOptions<S>,
  body: (h: Harness<S>) => Promise<void>,
  skip: (note: string) => void = () => {},
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
    await body({
      store,
      clock,
      advance,
      shortTtl: real ? real.ttlMs : 60_000,
      backendExpires: real !== undefined,
      countRecords,
      skip,
    });
  } finally {
    await options.teardown?.(store);
  }
}
