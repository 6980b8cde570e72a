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
  const expiryRecords = conformanceBody('expiry-records');

  it('passes a store whose own clock is frozen, since it follows the now it is given', async () => {
    const frozen = () => new MemoryStore({ clock: () => 0 });
    await expect(withHarness(frozen, {}, expiryRecords)).resolves.toBeUndefined();
  });

  it('fails a store that reads expiry from a clock of its own', async () => {
    class OwnClockStore extends MemoryStore {
      override findToken(tokenId: string) {
        return super.findToken(tokenId);
      }
    }
    const ownClock = () => new OwnClockStore({ clock: () => 0 });
    await expect(withHarness(ownClock, {}, expiryRecords)).rejects.toThrow(/to be null/);
  });
});
