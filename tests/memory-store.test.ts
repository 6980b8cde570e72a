import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../src/index.js';
import { runStoreConformance } from '../src/testing/index.js';
import { familyRecord, tokenRecord } from '../src/testing/records.js';

runStoreConformance('MemoryStore', (clock) => new MemoryStore({ clock: clock.now }), {
  inspect: { countRecords: async (store) => total(store) },
});

// The real-time mode Redis-like stores use, exercised here so it cannot rot.
runStoreConformance('MemoryStore on real time', () => new MemoryStore(), {
  realTtl: { ttlMs: 50 },
  skip: { 'rotate-concurrent': 'already covered above; this run checks the real-TTL mode' },
});

function total(store: MemoryStore): number {
  const stats = store.stats();
  return stats.families + stats.tokens + stats.versions + stats.denylist;
}

describe('MemoryStore memory bounds', () => {
  it('the incremental sweep on writes frees expired records without deleteExpired', async () => {
    let now = 1_000_000;
    const store = new MemoryStore({ clock: () => now, sweepBatch: 4 });
    for (let i = 0; i < 500; i += 1) {
      const family = familyRecord(now, 1000);
      await store.createFamily(family, tokenRecord(family));
      await store.denyJti(`jti-${i}`, now + 1000);
      await store.bumpTokenVersion(family.subject, now + 1000);
    }
    expect(total(store)).toBe(2000);
    now += 1001;
    // Live traffic alone (one write per expired record, roughly) must reclaim the garbage.
    for (let i = 0; i < 600; i += 1) await store.denyJti(`live-${i}`, now + 60_000);
    const stats = store.stats();
    expect(stats.families + stats.tokens + stats.versions).toBe(0);
    expect(stats.subjects).toBe(0);
    expect(stats.denylist).toBe(600);
  });

  it('deleteExpired frees every expired record and the subject index', async () => {
    let now = 1_000_000;
    const store = new MemoryStore({ clock: () => now });
    for (let i = 0; i < 100; i += 1) {
      const family = familyRecord(now, 1000);
      await store.createFamily(family, tokenRecord(family));
    }
    now += 1001;
    expect(await store.deleteExpired()).toBe(200);
    expect(store.stats()).toEqual({
      families: 0,
      tokens: 0,
      subjects: 0,
      versions: 0,
      denylist: 0,
    });
  });

  it('refuses a bad sweepBatch', () => {
    expect(() => new MemoryStore({ sweepBatch: 0 })).toThrow(TypeError);
  });
});
