import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../src/index.js';
import { runStoreConformance } from '../src/testing/index.js';
import { familyRecord, rotation, successorRecord, tokenRecord } from '../src/testing/records.js';

// No clock given: the store must follow the `now` the suite passes in.
runStoreConformance('MemoryStore', () => new MemoryStore(), {
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

// MemoryStore keeps families in reusable slots with the current token inlined:
// these pin the cases where that compact layout could leak or mix records.
describe('MemoryStore compact records', () => {
  it('returns exactly the records it was given, device, revocation and all', async () => {
    const now = 1_000_000;
    const store = new MemoryStore({ clock: () => now });
    const family = familyRecord(now, 1000, {
      status: 'revoked',
      revokedAt: now - 5,
      generation: 3,
      lastUsedAt: now - 7,
      device: { userAgent: 'UA', ip: '10.0.0.1' },
    });
    const token = tokenRecord(family, { createdAt: now - 9, expiresAt: now + 500 });
    await store.createFamily(family, token);
    expect(await store.findToken(token.id)).toEqual({ token, family });
    expect(await store.listFamilies(family.subject)).toEqual([family]);
  });

  it('keeps a token that is not a plain current token as given', async () => {
    const now = 1_000_000;
    const store = new MemoryStore({ clock: () => now });
    const family = familyRecord(now, 1000);
    const token = tokenRecord(family, { graceReplays: 2, status: 'rotated', rotatedAt: now });
    await store.createFamily(family, { ...token, successorId: 'tok-next' });
    expect(await store.findToken(token.id)).toEqual({
      token: { ...token, successorId: 'tok-next' },
      family,
    });
  });

  it('keeps a secret hash it does not store as digest bytes exactly as given', async () => {
    const now = 1_000_000;
    const store = new MemoryStore({ clock: () => now });
    const digest = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
    // 'h' (33) sets an unused low bit: a lenient decoder accepts it, re-encoding changes it.
    const loose = `${digest.slice(0, 42)}h`;
    for (const secretHash of [digest, loose, `${digest}=`, 'opaque', '']) {
      const family = familyRecord(now, 1000);
      const token = tokenRecord(family, { secretHash });
      await store.createFamily(family, token);
      expect(await store.findToken(token.id)).toEqual({ token, family });
    }
  });

  it('a token outliving its family never reads as another family reusing its slot', async () => {
    let now = 1_000_000;
    const store = new MemoryStore({ clock: () => now });
    const old = familyRecord(now, 1000);
    const oldToken = tokenRecord(old, { expiresAt: now + 5000 });
    await store.createFamily(old, oldToken);
    now += 1001;
    expect(await store.deleteExpired()).toBe(1);
    const next = familyRecord(now, 1000);
    const nextToken = tokenRecord(next);
    await store.createFamily(next, nextToken);
    expect(await store.findToken(oldToken.id)).toBeNull();
    expect(await store.findToken(nextToken.id)).toEqual({ token: nextToken, family: next });
    expect(
      await store.rotate(rotation(next, oldToken, successorRecord(oldToken, now), now)),
    ).toEqual({ ok: false, reason: 'not_found' });
    now += 5000;
    expect(await store.deleteExpired()).toBe(3);
    expect(total(store)).toBe(0);
  });

  it('rotated parents keep their own record after the family moves on', async () => {
    let now = 1_000_000;
    const store = new MemoryStore({ clock: () => now });
    const family = familyRecord(now, 10_000);
    const first = tokenRecord(family);
    await store.createFamily(family, first);
    const second = successorRecord(first, now + 1);
    const third = successorRecord(second, now + 2);
    now += 1;
    expect((await store.rotate(rotation(family, first, second, now))).ok).toBe(true);
    now += 1;
    expect((await store.rotate(rotation(family, second, third, now))).ok).toBe(true);
    const found = await store.findToken(first.id);
    expect(found?.token).toEqual({
      ...first,
      status: 'rotated',
      rotatedAt: now - 1,
      successorId: second.id,
    });
    expect(found?.family).toMatchObject({
      currentTokenId: third.id,
      generation: 2,
      lastUsedAt: now,
    });
    expect((await store.findToken(third.id))?.token).toEqual(third);
  });

  it('indexes a subject with one, two, then one family again', async () => {
    let now = 1_000_000;
    const store = new MemoryStore({ clock: () => now });
    const short = familyRecord(now, 1000);
    const long = familyRecord(now, 5000, { subject: short.subject });
    await store.createFamily(short, tokenRecord(short));
    await store.createFamily(long, tokenRecord(long));
    expect((await store.listFamilies(short.subject)).map((f) => f.id).sort()).toEqual(
      [short.id, long.id].sort(),
    );
    now += 1001;
    expect(await store.listFamilies(short.subject)).toEqual([long]);
    expect(await store.revokeSubject(short.subject, now)).toBe(1);
    now += 5000;
    await store.deleteExpired();
    expect(store.stats().subjects).toBe(0);
  });

  it('a family re-created under the same id leaves its old subject', async () => {
    const now = 1_000_000;
    const store = new MemoryStore({ clock: () => now });
    const family = familyRecord(now, 1000);
    await store.createFamily(family, tokenRecord(family));
    const moved = familyRecord(now, 1000, { id: family.id });
    await store.createFamily(moved, tokenRecord(moved));
    expect(await store.listFamilies(family.subject)).toEqual([]);
    expect(await store.listFamilies(moved.subject)).toEqual([moved]);
  });
});
