/**
 * The RedisStore behaviour suite, run on a standalone Redis with each client
 * and on a Redis Cluster: every method and script against the real server,
 * with the keys inspected directly (layout, slots, TTLs, encoding, memory).
 */
import { describe, expect, it } from 'vitest';
import { subjectTag } from '../../src/session/store.js';
import { RedisStore } from '../../src/stores/redis/index.js';
import {
  type Inspector,
  keySlot,
  newSubject,
  sessionRecord,
  type TestClient,
} from './redis-harness.js';
import { sessionIdFor } from '../../src/testing/records.js';

export interface SuiteTarget {
  client(): TestClient;
  inspect(): Inspector;
}

const DAY = 86_400_000;

export function describeRedisStore(label: string, target: SuiteTarget): void {
  const store = (prefix = 'tw:') => new RedisStore({ client: target.client().client, prefix });

  describe(`RedisStore on ${label}`, () => {
    it('stores and reads a session; unknown and expired read as null', async () => {
      const now = Date.now();
      const s = store();
      const session = sessionRecord(now);
      const bare = sessionRecord(now, { device: null });
      await s.createSession(session);
      await s.createSession(bare);
      expect(await s.getSession(session.id, now)).toEqual(session);
      expect(await s.getSession(bare.id, now)).toEqual(bare);
      expect(await s.getSession(sessionIdFor(newSubject()), now)).toBeNull();
      expect(await s.getSession(session.id, session.expiresAt)).toBeNull();
      expect(await s.getSession(session.id, session.expiresAt - 1)).toEqual(session);
    });

    it('rotate swaps the generation once and answers not_found, revoked, superseded in order', async () => {
      const now = Date.now();
      const s = store();
      const session = sessionRecord(now);
      await s.createSession(session);
      const input = {
        sessionId: session.id,
        generation: 0,
        secretHash: 'next-digest',
        rotatedAt: now + 10,
        idleExpiresAt: now + 10 + 7 * DAY,
      };
      const rotated = await s.rotate(input);
      const expected = {
        ...session,
        generation: 1,
        secretHash: 'next-digest',
        rotatedAt: now + 10,
        lastUsedAt: now + 10,
        idleExpiresAt: input.idleExpiresAt,
        graceReplays: 0,
      };
      expect(rotated).toEqual({ ok: true, session: expected });
      expect(await s.rotate(input)).toEqual({ ok: false, reason: 'superseded', session: expected });
      expect(await s.rotate({ ...input, sessionId: sessionIdFor(newSubject()) })).toEqual({
        ok: false,
        reason: 'not_found',
      });
      expect(await s.rotate({ ...input, generation: 1, rotatedAt: session.expiresAt })).toEqual({
        ok: false,
        reason: 'not_found',
      });
      expect(await s.revokeSession(session.id, now + 20)).toBe(true);
      const revoked = await s.rotate({ ...input, generation: 1 });
      expect(revoked).toMatchObject({ ok: false, reason: 'revoked' });
      expect(
        revoked.ok === false && revoked.reason === 'revoked' && revoked.session.revokedAt,
      ).toBe(now + 20);
    });

    it('200 concurrent rotations of one generation: exactly one succeeds', async () => {
      const now = Date.now();
      const s = store();
      const session = sessionRecord(now);
      await s.createSession(session);
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          s.rotate({
            sessionId: session.id,
            generation: 0,
            secretHash: `digest-${i}`,
            rotatedAt: now + 1,
            idleExpiresAt: now + DAY,
          }),
        ),
      );
      const winners = results.filter((result) => result.ok);
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === 'superseded')).toHaveLength(199);
      const current = await s.getSession(session.id, now + 2);
      expect(current?.generation).toBe(1);
      expect(winners[0]?.ok && current?.secretHash).toBe(winners[0]?.session.secretHash);
    });

    it('concurrent grace claims never exceed the cap, and each reason is given', async () => {
      const now = Date.now();
      const s = store();
      const session = sessionRecord(now);
      await s.createSession(session);
      const claim = (generation: number, maxReplays = 5) =>
        s.claimGraceReplay({ sessionId: session.id, generation, maxReplays }, now + 1);
      const claims = await Promise.all(Array.from({ length: 60 }, () => claim(0)));
      const granted = claims.flatMap((c) => (c.ok ? [c.replays] : []));
      expect(granted.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
      expect(claims.filter((c) => !c.ok && c.reason === 'cap_exceeded')).toHaveLength(55);
      expect((await s.getSession(session.id, now))?.graceReplays).toBe(5);
      expect(await claim(1)).toEqual({ ok: false, reason: 'superseded' });
      expect(
        await s.claimGraceReplay(
          { sessionId: session.id, generation: 0, maxReplays: 99 },
          session.expiresAt,
        ),
      ).toEqual({ ok: false, reason: 'not_found' });
      await s.revokeSession(session.id, now);
      expect(await claim(0, 99)).toEqual({ ok: false, reason: 'revoked' });
    });

    it('a rotation restarts the grace count', async () => {
      const now = Date.now();
      const s = store();
      const session = sessionRecord(now);
      await s.createSession(session);
      await s.claimGraceReplay({ sessionId: session.id, generation: 0, maxReplays: 3 }, now);
      const rotated = await s.rotate({
        sessionId: session.id,
        generation: 0,
        secretHash: 'h1',
        rotatedAt: now + 1,
        idleExpiresAt: now + DAY,
      });
      expect(rotated.ok && rotated.session.graceReplays).toBe(0);
    });

    it('lists a subject’s live sessions, active and revoked, and prunes expired ids from its index', async () => {
      const now = Date.now();
      const s = store();
      const subject = newSubject();
      const a = sessionRecord(now, { subject });
      const b = sessionRecord(now, { subject });
      const short = sessionRecord(now, { subject, expiresAt: now + 1000 });
      const stranger = sessionRecord(now);
      for (const record of [a, b, short, stranger]) await s.createSession(record);
      await s.revokeSession(b.id, now + 1);
      const listed = await s.listSessions(subject, now + 2);
      expect(listed.map(({ id }) => id).sort()).toEqual([a.id, b.id, short.id].sort());
      expect(listed.find(({ id }) => id === b.id)?.status).toBe('revoked');
      const index = `tw:{${subjectTag(subject)}}:u:${subject}`;
      expect(await target.inspect().command(index, ['ZCARD', index])).toBe(3);
      const later = await s.listSessions(subject, now + 1000);
      expect(later.map(({ id }) => id).sort()).toEqual([a.id, b.id].sort());
      expect(await target.inspect().command(index, ['ZCARD', index])).toBe(2);
      expect(await s.listSessions(newSubject(), now)).toEqual([]);
    });

    it('revokeSession once; revokeSubject revokes every active session of the subject only', async () => {
      const now = Date.now();
      const s = store();
      const subject = newSubject();
      const sessions = Array.from({ length: 4 }, () => sessionRecord(now, { subject }));
      const stranger = sessionRecord(now);
      for (const record of [...sessions, stranger]) await s.createSession(record);
      expect(await s.revokeSession(sessions[0]!.id, now + 1)).toBe(true);
      expect(await s.revokeSession(sessions[0]!.id, now + 2)).toBe(false);
      expect(await s.revokeSession(sessionIdFor(subject), now)).toBe(false);
      expect(await s.revokeSession(sessions[1]!.id, sessions[1]!.expiresAt)).toBe(false);
      expect(await s.revokeSubject(subject, now + 5)).toBe(3);
      for (const record of sessions) {
        const read = await s.getSession(record.id, now + 6);
        expect(read?.status).toBe('revoked');
        expect(read?.revokedAt).toBe(record === sessions[0] ? now + 1 : now + 5);
        expect(read?.expiresAt).toBe(record.expiresAt);
      }
      expect((await s.getSession(stranger.id, now))?.status).toBe('active');
      expect(await s.revokeSubject(subject, now + 7)).toBe(0);
      expect(await s.revokeSubject(newSubject(), now)).toBe(0);
    });

    it('token versions count from 0, concurrently distinct, and restart once expired', async () => {
      const now = Date.now();
      const s = store();
      const subject = newSubject();
      expect(await s.getTokenVersion(subject, now)).toBe(0);
      const bumps = await Promise.all(
        Array.from({ length: 20 }, () => s.bumpTokenVersion(subject, now + DAY, now)),
      );
      expect(bumps.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await s.getTokenVersion(subject, now)).toBe(20);
      expect(await s.getTokenVersion(subject, now + DAY)).toBe(0);
      expect(await s.bumpTokenVersion(subject, now + 2 * DAY, now + DAY)).toBe(1);
    });

    it('denies a jti until its expiry, keeping the later one', async () => {
      const now = Date.now();
      const s = store();
      const jti = `jti-${newSubject()}`;
      expect(await s.isJtiDenied(jti, now)).toBe(false);
      await s.denyJti(jti, now + 60_000, now);
      await s.denyJti(jti, now + 30_000, now);
      expect(await s.isJtiDenied(jti, now + 59_999)).toBe(true);
      expect(await s.isJtiDenied(jti, now + 60_000)).toBe(false);
      const expired = `jti-${newSubject()}`;
      await s.denyJti(expired, now, now);
      expect(await s.isJtiDenied(expired, now - 1)).toBe(false);
      expect(await s.deleteExpired(now)).toBe(0);
    });

    it('puts every key of a subject in one hash slot, under the prefix, with a TTL at its expiresAt', async () => {
      const now = Date.now();
      const s = store('app1:');
      const subject = newSubject();
      const tag = subjectTag(subject);
      const early = sessionRecord(now, { subject, expiresAt: now + 10 * DAY });
      const late = sessionRecord(now, { subject, expiresAt: now + 40 * DAY });
      await s.createSession(early);
      await s.createSession(late);
      await s.bumpTokenVersion(subject, now + 20 * DAY, now);
      const jti = `jti-${subject}`;
      await s.denyJti(jti, now + 60_000, now);

      const keys = (await target.inspect().keys(`app1:*${subject.slice(5)}*`)).sort();
      const expected = {
        [`app1:{${tag}}:s:${early.id}`]: early.expiresAt,
        [`app1:{${tag}}:s:${late.id}`]: late.expiresAt,
        [`app1:{${tag}}:u:${subject}`]: late.expiresAt,
        [`app1:{${tag}}:v:${subject}`]: now + 20 * DAY,
        [`app1:j:${jti}`]: now + 60_000,
      };
      const sessionKeys = (await target.inspect().keys(`app1:{${tag}}:s:*`)).filter((key) =>
        [early.id, late.id].some((id) => key.endsWith(id)),
      );
      expect([...keys, ...sessionKeys].sort()).toEqual(Object.keys(expected).sort());
      const slots = new Set(
        Object.keys(expected)
          .filter((key) => !key.startsWith('app1:j:'))
          .map(keySlot),
      );
      expect(slots.size).toBe(1);
      for (const [key, expiresAt] of Object.entries(expected)) {
        expect(Number(await target.inspect().command(key, ['PTTL', key]))).toBeGreaterThan(0);
        expect(await target.inspect().command(key, ['PEXPIRETIME', key])).toBe(expiresAt);
      }
      expect(await store().getSession(early.id, now)).toBeNull();
      expect(await s.getSession(early.id, now)).toEqual(early);
    });

    it('keeps one session a small listpack hash: ≤ 1 KB after login and after 1,000 rotations', async () => {
      const now = Date.now();
      const s = store();
      const session = sessionRecord(now);
      await s.createSession(session);
      const sessionKey = `tw:{${subjectTag(session.subject)}}:s:${session.id}`;
      const indexKey = `tw:{${subjectTag(session.subject)}}:u:${session.subject}`;
      const usage = async () =>
        Number(await target.inspect().command(sessionKey, ['MEMORY', 'USAGE', sessionKey])) +
        Number(await target.inspect().command(indexKey, ['MEMORY', 'USAGE', indexKey]));
      const atLogin = await usage();
      for (let generation = 0; generation < 1000; generation++) {
        const result = await s.rotate({
          sessionId: session.id,
          generation,
          secretHash: session.secretHash,
          rotatedAt: now + generation,
          idleExpiresAt: now + DAY + generation,
        });
        expect(result.ok).toBe(true);
      }
      const after = await usage();
      console.info(
        `[redis memory, ${label}] one session (hash + subject index): ${atLogin} B after login, ${after} B after 1,000 rotations`,
      );
      expect(atLogin).toBeLessThanOrEqual(1024);
      expect(after).toBeLessThanOrEqual(1024);
      expect(await target.inspect().command(sessionKey, ['OBJECT', 'ENCODING', sessionKey])).toBe(
        'listpack',
      );
    });

    it('recovers from a flushed script cache (NOSCRIPT → EVAL) and keeps working by SHA', async () => {
      const now = Date.now();
      const s = store();
      const session = sessionRecord(now);
      await s.createSession(session);
      await target.inspect().flushScripts();
      const rotate = (generation: number) =>
        s.rotate({
          sessionId: session.id,
          generation,
          secretHash: `h${generation}`,
          rotatedAt: now + 1,
          idleExpiresAt: now + DAY,
        });
      expect((await rotate(0)).ok).toBe(true);
      const key = `tw:{${subjectTag(session.subject)}}:s:${session.id}`;
      const { ROTATE } = await import('../../src/stores/redis/scripts.js');
      expect(await target.inspect().cli(key, ['SCRIPT', 'EXISTS', ROTATE.sha])).toBe('1');
      await target.inspect().flushScripts();
      const results = await Promise.all([rotate(1), rotate(1), rotate(1)]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
    });
  });
}
