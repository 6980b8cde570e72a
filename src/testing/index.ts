/**
 * `tokenwarden/testing`: the conformance suite every {@link TokenStore} must
 * pass, unchanged: MemoryStore, the Redis and PostgreSQL stores, and yours.
 * It registers vitest tests (vitest is an optional peer dependency): races
 * (100 concurrent rotations of one generation, one winner; the same for the
 * optional `rotateIfCurrent` fast path, with its refusals; grace claims never
 * past the cap; `revokeSubject` against `createSession`), expiry exactly at
 * `expiresAt`, revocation, listing, token versions, the denylist, cleanup,
 * one record per session whatever its rotations, and step-up
 * (`authentication`, `authentication-refused`: `authTime`/`amr` kept and
 * `setAuthentication`; a store without that optional method skips both by
 * name until it implements it). Every test builds its
 * own store; none depends on another.
 *
 * @example
 * ```ts
 * // tests/my-store.test.ts
 * import { runStoreConformance } from 'tokenwarden/testing';
 * import { MyStore } from '../src/my-store.js';
 *
 * runStoreConformance('MyStore', () => new MyStore());
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
import { type ConformanceOptions, withHarness } from './harness.js';

export type { ConformanceClock, ConformanceTestName } from './conformance-tests.js';
export type { ConformanceOptions } from './harness.js';

/**
 * Registers the conformance tests for a store under `describe(name)`.
 * Every store call gets the suite's time as `now` (the contract: a store
 * decides expiry with the time it is given), so a store needs no clock;
 * `makeStore` still receives the suite's clock for stores that want one.
 *
 * @example
 * ```ts
 * import { runStoreConformance } from 'tokenwarden/testing';
 * import { MemoryStore } from 'tokenwarden';
 *
 * runStoreConformance('MemoryStore', () => new MemoryStore());
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
    it(
      `${id}: ${title}`,
      (context) => withHarness(makeStore, options, body, (note) => context.skip(note)),
      timeout,
    );
  };
  describe(`${name} conforms to TokenStore`, () => registerTests(test));
}
