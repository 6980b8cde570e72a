import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRotationEngine, MemoryStore } from '../src/index.js';
import { runStoreConformance } from '../src/testing/index.js';
import { rotated, rotation, sessionRecord } from '../src/testing/records.js';

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
  return stats.sessions + stats.versions + stats.denylist;
}

describe('MemoryStore memory bounds', () => {
  it('the incremental sweep on writes frees expired records without deleteExpired', async () => {
    let now = 1_000_000;
    const store = new MemoryStore({ clock: () => now, sweepBatch: 4 });
    for (let i = 0; i < 500; i += 1) {
      const session = sessionRecord(now, 1000);
      await store.createSession(session);
      await store.denyJti(`jti-${i}`, now + 1000);
      await store.bumpTokenVersion(session.subject, now + 1000);
    }
    expect(total(store)).toBe(1500);
    now += 1001;
    // Live traffic alone (one write per expired record, roughly) must reclaim the garbage.
    for (let i = 0; i < 600; i += 1) await store.denyJti(`live-${i}`, now + 60_000);
    const stats = store.stats();
    expect(stats.sessions + stats.versions).toBe(0);
    expect(stats.subjects).toBe(0);
    expect(stats.denylist).toBe(600);
  });

  it('deleteExpired frees every expired record and the subject index', async () => {
    let now = 1_000_000;
    const store = new MemoryStore({ clock: () => now });
    for (let i = 0; i < 100; i += 1) await store.createSession(sessionRecord(now, 1000));
    now += 1001;
    expect(await store.deleteExpired()).toBe(100);
    expect(store.stats()).toEqual({
      sessions: 0,
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

// Before: every rotation left the parent token's record behind until the
// family expired (2.9 KB a family after 10 rotations, 28.8 KB after 100).
describe('MemoryStore: one record per session, whatever its rotations', () => {
  it('1,000 rotations through the engine leave exactly one record per session', async () => {
    let now = 1_700_000_000_000;
    const clock = () => now;
    const store = new MemoryStore({ clock });
    const engine = createRotationEngine({ store, clock, rotationKey: 'k'.repeat(32) });
    const tokens = await Promise.all(
      ['alice', 'bob', 'carol'].map(
        async (subject) => (await engine.login({ subject })).refreshToken,
      ),
    );
    const afterLogin = store.stats();
    for (let i = 0; i < 1000; i += 1) {
      now += 1000;
      for (let t = 0; t < tokens.length; t += 1) {
        tokens[t] = (await engine.refresh(tokens[t]!)).refreshToken;
      }
    }
    expect(afterLogin).toMatchObject({ sessions: 3, tokens: 0, subjects: 3 });
    expect(store.stats()).toEqual(afterLogin);
    expect((await engine.refresh(tokens[0]!)).generation).toBe(1001);
  });

  it('a random sequence of logins, rotations, replays and revocations keeps one record per live session', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('login' as const), subject: fc.constantFrom('a', 'b', 'c') }),
      fc.record({ kind: fc.constant('refresh' as const), which: fc.nat(20) }),
      fc.record({ kind: fc.constant('replay' as const), which: fc.nat(20), back: fc.nat(70) }),
      fc.record({ kind: fc.constant('logout' as const), which: fc.nat(20) }),
      fc.record({
        kind: fc.constant('advance' as const),
        ms: fc.constantFrom(1000, 10_000, 86_400_000),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 80 }), async (ops) => {
        let now = 1_700_000_000_000;
        const clock = () => now;
        const store = new MemoryStore({ clock });
        const engine = createRotationEngine({ store, clock, refreshTtl: '2d', absoluteTtl: '3d' });
        const chains: string[][] = [];
        const ids = new Set<string>();
        for (const o of ops) {
          if (o.kind === 'login') {
            const grant = await engine.login({ subject: o.subject });
            chains.push([grant.refreshToken]);
            ids.add(grant.sessionId);
          } else if (o.kind === 'advance') {
            now += o.ms;
          } else if (chains.length > 0) {
            const c = chains[o.which % chains.length]!;
            const token = o.kind === 'replay' ? c[Math.max(0, c.length - 1 - o.back)]! : c.at(-1)!;
            if (o.kind === 'logout') await engine.logout(token);
            else {
              const next = await engine.refresh(token).catch(() => undefined);
              if (next && next.refreshToken !== c.at(-1)) c.push(next.refreshToken);
            }
          }
          // Never more records than sessions ever created, whatever the rotations.
          expect(store.stats().sessions).toBeLessThanOrEqual(ids.size);
        }
        await store.deleteExpired(now);
        let live = 0;
        for (const id of ids) if ((await store.getSession(id, now)) !== null) live += 1;
        expect(store.stats().sessions).toBe(live);
      }),
      { numRuns: 60 },
    );
  });
});

describe('MemoryStore compact records', () => {
  it('returns exactly the records it was given, device, revocation and all', async () => {
    const now = 1_000_000;
    const store = new MemoryStore({ clock: () => now });
    const session = sessionRecord(now, 1000, {
      status: 'revoked',
      revokedAt: now - 5,
      generation: 3,
      rotatedAt: now - 8,
      graceReplays: 1,
      lastUsedAt: now - 7,
      device: { userAgent: 'UA', ip: '10.0.0.1' },
    });
    await store.createSession(session);
    expect(await store.getSession(session.id)).toEqual(session);
    expect(await store.listSessions(session.subject)).toEqual([session]);
  });

  it('a freed slot reused by another session never mixes the two', async () => {
    let now = 1_000_000;
    const store = new MemoryStore({ clock: () => now });
    const old = sessionRecord(now, 1000, { device: { userAgent: 'old' } });
    await store.createSession(old);
    now += 1001;
    expect(await store.deleteExpired()).toBe(1);
    const next = sessionRecord(now, 1000, { device: null });
    await store.createSession(next);
    expect(await store.getSession(old.id)).toBeNull();
    expect(await store.getSession(next.id)).toEqual(next);
    expect(await store.rotate(rotation(old, now))).toEqual({ ok: false, reason: 'not_found' });
    const input = rotation(next, now);
    expect(await store.rotate(input)).toEqual({ ok: true, session: rotated(next, input) });
  });

  it('indexes a subject with one, two, then one session again', async () => {
    let now = 1_000_000;
    const store = new MemoryStore({ clock: () => now });
    const short = sessionRecord(now, 1000);
    const long = sessionRecord(now, 5000, { subject: short.subject });
    await store.createSession(short);
    await store.createSession(long);
    expect((await store.listSessions(short.subject)).map((s) => s.id).sort()).toEqual(
      [short.id, long.id].sort(),
    );
    now += 1001;
    expect(await store.listSessions(short.subject)).toEqual([long]);
    expect(await store.revokeSubject(short.subject, now)).toBe(1);
    now += 5000;
    await store.deleteExpired();
    expect(store.stats().subjects).toBe(0);
  });

  it('a session re-created under the same id leaves its old subject', async () => {
    const now = 1_000_000;
    const store = new MemoryStore({ clock: () => now });
    const session = sessionRecord(now, 1000);
    await store.createSession(session);
    const moved = sessionRecord(now, 1000, { id: session.id });
    await store.createSession(moved);
    expect(await store.listSessions(session.subject)).toEqual([]);
    expect(await store.listSessions(moved.subject)).toEqual([moved]);
    expect(store.stats().sessions).toBe(1);
  });
});
