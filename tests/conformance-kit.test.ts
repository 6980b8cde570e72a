import { describe, expect, it } from 'vitest';
import {
  MemoryStore,
  type RotateIfCurrentInput,
  type RotateIfCurrentResult,
  type RotateInput,
  type RotateResult,
} from '../src/index.js';
import {
  type ConformanceTestName,
  type Harness,
  registerTests,
} from '../src/testing/conformance-tests.js';
import { withHarness } from '../src/testing/harness.js';
import { rotated } from '../src/testing/records.js';

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
      override getSession(sessionId: string) {
        return super.getSession(sessionId);
      }
    }
    const ownClock = () => new OwnClockStore({ clock: () => 0 });
    await expect(withHarness(ownClock, {}, expiryRecords)).rejects.toThrow(/to be null/);
  });
});

describe('the conformance kit catches a rotation that is not one atomic step', () => {
  // Read, yield, write: the lost-update bug a store gets by doing the
  // compare-and-swap in two round trips.
  class ReadThenWriteStore extends MemoryStore {
    override async rotate(input: RotateInput): Promise<RotateResult> {
      const session = await this.getSession(input.sessionId, input.rotatedAt);
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (session === null) return { ok: false, reason: 'not_found' };
      if (session.generation !== input.generation) {
        return { ok: false, reason: 'superseded', session };
      }
      const next = rotated(session, input);
      await this.createSession(next);
      return { ok: true, session: next };
    }
  }

  it('passes MemoryStore', async () => {
    const body = conformanceBody('rotate-concurrent');
    await expect(withHarness(() => new MemoryStore(), {}, body)).resolves.toBeUndefined();
  });

  it('fails a store whose rotate reads, then writes', async () => {
    const body = conformanceBody('rotate-concurrent');
    await expect(withHarness(() => new ReadThenWriteStore(), {}, body)).rejects.toThrow();
  });
});

describe('the conformance kit catches a store that grows with rotations', () => {
  // Keeps a copy of every rotated-away generation, as the old contract did.
  class HistoryStore extends MemoryStore {
    readonly history: unknown[] = [];
    override async rotate(input: RotateInput): Promise<RotateResult> {
      const result = await super.rotate(input);
      if (result.ok) this.history.push({ ...result.session });
      return result;
    }
  }
  const count = async (store: HistoryStore) => store.stats().sessions + store.history.length;

  it('fails a store that keeps a record per rotation, passes MemoryStore', async () => {
    const body = conformanceBody('one-record-per-session');
    const inspect = { countRecords: count };
    await expect(withHarness(() => new HistoryStore(), { inspect }, body)).rejects.toThrow();
    const plain = { countRecords: async (s: MemoryStore) => s.stats().sessions };
    await expect(
      withHarness(() => new MemoryStore(), { inspect: plain }, body),
    ).resolves.toBeUndefined();
  });
});

describe('the conformance kit checks the optional rotateIfCurrent', () => {
  // Trusts the caller's generation and ignores the presented digest: a token
  // with a wrong secret would rotate the session.
  class DigestBlindStore extends MemoryStore {
    override async rotateIfCurrent(input: RotateIfCurrentInput): Promise<RotateIfCurrentResult> {
      const stored = await this.getSession(input.sessionId, input.rotatedAt);
      return super.rotateIfCurrent({ ...input, presentedHash: stored?.secretHash ?? '' });
    }
  }
  // Checks idle expiry against a clock of its own instead of rotatedAt.
  class IdleBlindStore extends MemoryStore {
    override async rotateIfCurrent(input: RotateIfCurrentInput): Promise<RotateIfCurrentResult> {
      const stored = await this.getSession(input.sessionId, input.rotatedAt);
      const at = Math.min(input.rotatedAt, (stored?.idleExpiresAt ?? 1) - 1);
      return super.rotateIfCurrent({ ...input, rotatedAt: at });
    }
  }
  // Reads, yields, then rotates: two steps.
  class ReadThenRotateStore extends MemoryStore {
    override async rotateIfCurrent(input: RotateIfCurrentInput): Promise<RotateIfCurrentResult> {
      const stored = await this.getSession(input.sessionId, input.rotatedAt);
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (stored === null || stored.generation !== input.generation) {
        return { ok: false, session: stored };
      }
      const next = rotated(stored, input);
      await this.createSession(next);
      return { ok: true, session: next, tokenVersion: 0 };
    }
  }
  const refused = conformanceBody('rotate-if-current-refused');
  const concurrent = conformanceBody('rotate-if-current-concurrent');

  it('passes MemoryStore', async () => {
    for (const body of [conformanceBody('rotate-if-current'), refused, concurrent]) {
      await expect(withHarness(() => new MemoryStore(), {}, body)).resolves.toBeUndefined();
    }
  });

  it('fails a store that rotates on a wrong digest, or after idle expiry', async () => {
    await expect(withHarness(() => new DigestBlindStore(), {}, refused)).rejects.toThrow();
    await expect(withHarness(() => new IdleBlindStore(), {}, refused)).rejects.toThrow();
  });

  it('fails a store whose rotateIfCurrent reads, then writes', async () => {
    await expect(withHarness(() => new ReadThenRotateStore(), {}, concurrent)).rejects.toThrow();
  });

  it('skips its tests for a store without the method', async () => {
    const skipped: string[] = [];
    const plain = new MemoryStore() as MemoryStore & { rotateIfCurrent?: unknown };
    Object.defineProperty(plain, 'rotateIfCurrent', { value: undefined });
    await withHarness(
      () => plain as MemoryStore,
      {},
      refused,
      (note) => skipped.push(note),
    );
    expect(skipped).toEqual(['the store has no rotateIfCurrent (optional)']);
  });
});
