import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../src/index.js';
import {
  type ConformanceTestName,
  type Harness,
  registerTests,
} from '../src/testing/conformance-tests.js';
import { withHarness } from '../src/testing/harness.js';

/** The body of one conformance test, as `runStoreConformance` would register it. */
function conformanceBody(id: ConformanceTestName) {
  let found: ((h: Harness<MemoryStore>) => Promise<void>) | undefined;
  registerTests<MemoryStore>((name, _title, body) => {
    if (name === id) found = body;
  });
  if (!found) throw new Error(`no conformance test ${id}`);
  return found;
}

/** Cleans up nothing and says so. */
class NoCleanupStore extends MemoryStore {
  override async deleteExpired(): Promise<number> {
    return 0;
  }
}

/** Cleans up nothing but claims it did. */
class LyingCleanupStore extends MemoryStore {
  override async deleteExpired(): Promise<number> {
    return 4;
  }
}

describe('the conformance kit catches a store whose deleteExpired does nothing', () => {
  const deleteExpired = conformanceBody('delete-expired');

  it('passes MemoryStore without an inspector', async () => {
    await expect(withHarness(() => new MemoryStore(), {}, deleteExpired)).resolves.toBeUndefined();
  });

  it('fails a store that deletes nothing, without an inspector', async () => {
    await expect(withHarness(() => new NoCleanupStore(), {}, deleteExpired)).rejects.toThrow(
      /records deleted by deleteExpired/,
    );
  });

  it('fails a store that reports deletions it did not make, without an inspector', async () => {
    await expect(withHarness(() => new LyingCleanupStore(), {}, deleteExpired)).rejects.toThrow(
      /a second deleteExpired at the same now/,
    );
  });
});

describe('the conformance kit decides expiry with the time it passes in', () => {
  it('fails a store that reads expiry from a clock of its own', async () => {
    // A frozen store clock: only the `now` arguments move.
    const stale = () => new MemoryStore({ clock: () => 0 });
    class OwnClockStore extends MemoryStore {
      override findToken(tokenId: string) {
        return super.findToken(tokenId);
      }
    }
    await expect(
      withHarness(
        () => new OwnClockStore({ clock: () => 0 }),
        {},
        conformanceBody('expiry-records'),
      ),
    ).rejects.toThrow();
    await expect(
      withHarness(stale, {}, conformanceBody('expiry-records')),
    ).resolves.toBeUndefined();
  });
});
