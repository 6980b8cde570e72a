/**
 * The conformance tests themselves, registered by `runStoreConformance`.
 * Each builds its own records with fresh ids and shares nothing.
 * @module
 */
import { expect } from 'vitest';
import type {
  RotateIfCurrentInput,
  RotateIfCurrentResult,
  SessionRecord,
  TokenStore,
} from '../session/store.js';
import {
  fastRotation,
  randomDigest,
  randomId,
  rotated,
  rotation,
  sessionIdFor,
  sessionRecord,
} from './records.js';

/**
 * Every test of the suite, by name: the keys of `options.skip`.
 *
 * @example
 * ```ts
 * runStoreConformance('MyStore', make, { skip: { 'records-isolated': 'rows are always fresh copies' } });
 * ```
 */
export type ConformanceTestName =
  | 'create-get'
  | 'rotate'
  | 'rotate-superseded'
  | 'rotate-concurrent'
  | 'rotate-refused'
  | 'rotate-if-current'
  | 'rotate-if-current-refused'
  | 'rotate-if-current-concurrent'
  | 'grace-claim'
  | 'grace-claim-refused'
  | 'grace-claim-concurrent'
  | 'revoke-session'
  | 'revoke-subject'
  | 'revoke-subject-concurrent'
  | 'list-sessions'
  | 'token-version'
  | 'token-version-concurrent'
  | 'denylist'
  | 'expiry-records'
  | 'expiry-denylist-and-version'
  | 'delete-expired'
  | 'one-record-per-session'
  | 'records-isolated'
  | 'authentication'
  | 'authentication-refused';

/**
 * The suite's clock (ms since the epoch, moved by the suite): its time is
 * passed as `now` to every store call, and it is handed to `makeStore`.
 *
 * @example
 * ```ts
 * runStoreConformance('MyStore', (clock) => new MyStore({ ttlClock: clock.now }));
 * ```
 */
export interface ConformanceClock {
  /** The suite's current time, ms since the epoch. */
  now(): number;
}

/** What each test gets: its own store, the clock and a way to move time. */
export type Harness<S extends TokenStore> = {
  store: S;
  clock: ConformanceClock;
  /** Moves time forward: the injected clock, or real waiting with `realTtl`. */
  advance(ms: number): Promise<void>;
  /** Lifetime for records meant to expire during the test (ms). */
  shortTtl: number;
  /** `true` when the backend's own TTL expires records (`realTtl`), not the `now` passed in. */
  backendExpires: boolean;
  /** The raw record count from `options.inspect`, when given. */
  countRecords: (() => Promise<number>) | undefined;
  /** Ends the test as skipped (tests of optional methods the store does not have). */
  skip(note: string): void;
};

const LONG_TTL = 60 * 60 * 1000;
const RACERS = 100;

/** Registers one named test (or skips it). */
export type Register<S extends TokenStore> = (
  id: ConformanceTestName,
  title: string,
  body: (h: Harness<S>) => Promise<void>,
) => void;

/** Registers every test of the suite through `test`. */
export function registerTests<S extends TokenStore>(test: Register<S>): void {
  test(
    'create-get',
    'createSession stores a session; getSession reads it back exactly',
    async ({ store, clock }) => {
      const session = sessionRecord(clock.now(), LONG_TTL);
      await store.createSession(session);
      expect(await store.getSession(session.id, clock.now())).toEqual(session);
      expect(await store.getSession(sessionIdFor(session.subject), clock.now())).toBeNull();
      const odd = sessionRecord(clock.now(), LONG_TTL, {
        status: 'revoked',
        revokedAt: clock.now() - 5,
        generation: 7,
        rotatedAt: clock.now() - 9,
        graceReplays: 2,
        device: null,
      });
      await store.createSession(odd);
      expect(await store.getSession(odd.id, clock.now())).toEqual(odd);
    },
  );

  test(
    'rotate',
    'rotate advances the generation and swaps the digest in one step',
    async ({ store, clock }) => {
      const session = await seed(store, clock);
      const input = rotation(session, clock.now() + 5);
      const expected = rotated(session, input);
      expect(await store.rotate(input)).toEqual({ ok: true, session: expected });
      expect(await store.getSession(session.id, clock.now())).toEqual(expected);
      const next = rotation(expected, clock.now() + 6);
      expect(await store.rotate(next)).toEqual({ ok: true, session: rotated(expected, next) });
    },
  );

  test(
    'rotate-superseded',
    'a rotation from a generation that is no longer current changes nothing and returns the session',
    async ({ store, clock }) => {
      const session = await seed(store, clock);
      const at = clock.now();
      const first = rotation(session, at);
      await store.rotate(first);
      const after = rotated(session, first);
      const late = rotation(session, at + 1);
      expect(await store.rotate(late)).toEqual({ ok: false, reason: 'superseded', session: after });
      expect(await store.getSession(session.id, clock.now())).toEqual(after);
      const ahead = rotation(after, at + 2, 5);
      expect(await store.rotate(ahead)).toEqual({
        ok: false,
        reason: 'superseded',
        session: after,
      });
    },
  );

  test(
    'rotate-concurrent',
    `${RACERS} concurrent rotations of one generation: exactly one winner, the rest see its digest`,
    async ({ store, clock }) => {
      const session = await seed(store, clock);
      const at = clock.now();
      const inputs = Array.from({ length: RACERS }, () => rotation(session, at));
      const results = await Promise.all(inputs.map((input) => store.rotate(input)));
      const winners = inputs.filter((_, i) => results[i]!.ok);
      expect(winners).toHaveLength(1);
      const winner = winners[0]!;
      for (const result of results) {
        if (result.ok) continue;
        expect(result).toMatchObject({
          reason: 'superseded',
          session: { generation: 1, secretHash: winner.secretHash },
        });
      }
      expect(await store.getSession(session.id, clock.now())).toEqual(rotated(session, winner));
    },
  );

  test(
    'rotate-refused',
    'rotate refuses an unknown session, and a revoked one before anything else',
    async ({ store, clock }) => {
      const session = await seed(store, clock);
      const at = clock.now();
      const unknown = { ...rotation(session, at), sessionId: sessionIdFor(session.subject) };
      expect(await store.rotate(unknown)).toEqual({ ok: false, reason: 'not_found' });
      await store.revokeSession(session.id, at);
      const revoked = { ...session, status: 'revoked' as const, revokedAt: at };
      expect(await store.rotate(rotation(session, at))).toEqual({
        ok: false,
        reason: 'revoked',
        session: revoked,
      });
      expect(await store.rotate(rotation(session, at, 3))).toEqual({
        ok: false,
        reason: 'revoked',
        session: revoked,
      });
      expect(await store.getSession(session.id, clock.now())).toEqual(revoked);
    },
  );

  test(
    'rotate-if-current',
    'rotateIfCurrent (optional) rotates the current token in one step, capping idle expiry, and returns the token version',
    async ({ store, clock, skip }) => {
      const rotateIfCurrent = fastPathOf(store);
      if (rotateIfCurrent === undefined) return skip(NO_FAST_PATH);
      const session = await seed(store, clock);
      const input = fastRotation(session, clock.now() + 5);
      const expected = rotated(session, input);
      expect(await rotateIfCurrent(input)).toEqual({
        ok: true,
        session: expected,
        tokenVersion: 0,
      });
      expect(await store.getSession(session.id, clock.now())).toEqual(expected);
      // The version is the subject's, read with the rotation.
      const expiresAt = clock.now() + LONG_TTL;
      await store.bumpTokenVersion(session.subject, expiresAt, clock.now());
      await store.bumpTokenVersion(session.subject, expiresAt, clock.now());
      await store.bumpTokenVersion(randomId('sub'), expiresAt, clock.now());
      // An idle expiry past the absolute one is capped at it.
      const late = fastRotation(expected, clock.now() + 6, {
        idleExpiresAt: clock.now() + LONG_TTL * 10,
      });
      const capped = rotated(expected, { ...late, idleExpiresAt: session.absoluteExpiresAt });
      expect(await rotateIfCurrent(late)).toEqual({ ok: true, session: capped, tokenVersion: 2 });
      expect(await store.getSession(session.id, clock.now())).toEqual(capped);
    },
  );

  test(
    'rotate-if-current-refused',
    'rotateIfCurrent writes nothing for a wrong digest or generation, a revoked or expired session, and returns the record as it is',
    async ({ store, clock, skip }) => {
      const rotateIfCurrent = fastPathOf(store);
      if (rotateIfCurrent === undefined) return skip(NO_FAST_PATH);
      // Generation 1, idle expiry one second after its rotation (the
      // record's own expiresAt is an hour away). Times are taken from the
      // records: with real time (realTtl) the clock moves during the test.
      const current = await seedRotated(store, clock);
      const now = current.rotatedAt as number;
      const unchanged = async (
        id: string,
        input: RotateIfCurrentInput,
        expected: SessionRecord,
      ) => {
        expect(await rotateIfCurrent(input)).toEqual({ ok: false, session: expected });
        expect(await store.getSession(id, clock.now())).toEqual(expected);
      };
      const refused = (input: RotateIfCurrentInput) => unchanged(current.id, input, current);
      await refused(fastRotation(current, now, { presentedHash: randomDigest() }));
      await refused(fastRotation(current, now, { generation: 0 }));
      await refused(fastRotation(current, now, { generation: 2 }));
      // From idleExpiresAt on, the token no longer rotates...
      await refused(fastRotation(current, current.idleExpiresAt));
      // ...nor from absoluteExpiresAt on, whatever the idle expiry.
      const start = clock.now();
      const ending = await seed(store, clock, {
        createdAt: start,
        lastUsedAt: start,
        idleExpiresAt: start + 5000,
        absoluteExpiresAt: start + 3000,
      });
      await unchanged(ending.id, fastRotation(ending, ending.absoluteExpiresAt), ending);
      await store.revokeSession(current.id, now);
      const revoked = { ...current, status: 'revoked' as const, revokedAt: now };
      await unchanged(current.id, fastRotation(current, now), revoked);
      const unknown = { ...fastRotation(current, now), sessionId: sessionIdFor(current.subject) };
      expect(await rotateIfCurrent(unknown)).toEqual({ ok: false, session: null });
    },
  );

  test(
    'rotate-if-current-concurrent',
    `${RACERS} concurrent rotateIfCurrent calls presenting one token: exactly one winner, the rest write nothing`,
    async ({ store, clock, skip }) => {
      const rotateIfCurrent = fastPathOf(store);
      if (rotateIfCurrent === undefined) return skip(NO_FAST_PATH);
      const session = await seed(store, clock);
      const at = clock.now();
      const inputs = Array.from({ length: RACERS }, () => fastRotation(session, at));
      const results = await Promise.all(inputs.map((input) => rotateIfCurrent(input)));
      const winners = inputs.filter((_, i) => results[i]!.ok);
      expect(winners).toHaveLength(1);
      const after = rotated(session, winners[0]!);
      for (const result of results) {
        if (result.ok) continue;
        // The record as it is, or (a store whose reads see the statement's
        // snapshot) as it was just before the winner's rotation.
        expect([after, session]).toContainEqual(result.session);
      }
      expect(await store.getSession(session.id, clock.now())).toEqual(after);
    },
  );

  test(
    'grace-claim',
    'claimGraceReplay counts replays of the current generation up to the cap; a rotation resets it',
    async ({ store, clock }) => {
      const session = await seedRotated(store, clock);
      const claim = (maxReplays: number) =>
        store.claimGraceReplay({ sessionId: session.id, generation: 1, maxReplays }, clock.now());
      expect(await claim(2)).toEqual({
        ok: true,
        replays: 1,
        session: { ...session, graceReplays: 1 },
      });
      expect(await claim(2)).toMatchObject({ ok: true, replays: 2 });
      expect(await claim(2)).toEqual({ ok: false, reason: 'cap_exceeded' });
      expect((await store.getSession(session.id, clock.now()))?.graceReplays).toBe(2);
      const next = rotation(session, clock.now());
      expect(await store.rotate(next)).toMatchObject({ ok: true, session: { graceReplays: 0 } });
    },
  );

  test(
    'grace-claim-refused',
    'claimGraceReplay refuses another generation, an unknown session and a revoked one',
    async ({ store, clock }) => {
      const session = await seedRotated(store, clock);
      const claim = (generation: number, sessionId = session.id) =>
        store.claimGraceReplay({ sessionId, generation, maxReplays: 5 }, clock.now());
      expect(await claim(0)).toEqual({ ok: false, reason: 'superseded' });
      expect(await claim(2)).toEqual({ ok: false, reason: 'superseded' });
      expect(await claim(1, sessionIdFor(session.subject))).toEqual({
        ok: false,
        reason: 'not_found',
      });
      await store.revokeSession(session.id, clock.now());
      expect(await claim(1)).toEqual({ ok: false, reason: 'revoked' });
      expect((await store.getSession(session.id, clock.now()))?.graceReplays).toBe(0);
    },
  );

  test(
    'grace-claim-concurrent',
    `${RACERS} concurrent grace claims never exceed the cap`,
    async ({ store, clock }) => {
      const session = await seedRotated(store, clock);
      const results = await Promise.all(
        Array.from({ length: RACERS }, () =>
          store.claimGraceReplay(
            { sessionId: session.id, generation: 1, maxReplays: 3 },
            clock.now(),
          ),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      expect(results.filter((r) => !r.ok && r.reason === 'cap_exceeded')).toHaveLength(RACERS - 3);
      expect((await store.getSession(session.id, clock.now()))?.graceReplays).toBe(3);
    },
  );

  test(
    'revoke-session',
    'revokeSession revokes once, keeps the record readable and leaves other sessions alone',
    async ({ store, clock }) => {
      const a = await seed(store, clock);
      const b = await seed(store, clock, { subject: a.subject });
      const at = clock.now() + 7;
      expect(await store.revokeSession(a.id, at)).toBe(true);
      expect(await store.revokeSession(a.id, at + 1)).toBe(false);
      expect(await store.revokeSession(sessionIdFor(a.subject), at)).toBe(false);
      expect(await store.getSession(a.id, clock.now())).toEqual({
        ...a,
        status: 'revoked',
        revokedAt: at,
      });
      expect((await store.getSession(b.id, clock.now()))?.status).toBe('active');
    },
  );

  test(
    'revoke-subject',
    'revokeSubject revokes every active session of one subject and counts them',
    async ({ store, clock }) => {
      const first = await seed(store, clock);
      const subject = first.subject;
      const others = await Promise.all([
        seed(store, clock, { subject }),
        seedRotated(store, clock, { subject }),
      ]);
      const stranger = await seed(store, clock);
      const at = clock.now();
      await store.revokeSession(others[0].id, at);
      expect(await store.revokeSubject(subject, at + 1)).toBe(2);
      for (const session of [first, ...others]) {
        expect((await store.getSession(session.id, clock.now()))?.status).toBe('revoked');
      }
      expect((await store.getSession(others[0].id, clock.now()))?.revokedAt).toBe(at);
      expect((await store.getSession(others[1].id, clock.now()))?.revokedAt).toBe(at + 1);
      expect((await store.getSession(stranger.id, clock.now()))?.status).toBe('active');
      expect(await store.revokeSubject(subject, at + 2)).toBe(0);
      expect(await store.revokeSubject(randomId('sub'), at)).toBe(0);
    },
  );

  test(
    'revoke-subject-concurrent',
    'revokeSubject racing createSession and rotate: no earlier session survives, the count is exact, a rotation never revives one',
    async ({ store, clock }) => {
      const subject = randomId('sub');
      const before = await Promise.all(
        Array.from({ length: 10 }, () => seed(store, clock, { subject })),
      );
      const at = clock.now();
      const racing = Array.from({ length: 10 }, () => sessionRecord(at, LONG_TTL, { subject }));
      const [count, ...rotations] = await Promise.all([
        store.revokeSubject(subject, at),
        ...before.map((session) => store.rotate(rotation(session, at))),
        ...racing.map(async (session) => {
          await store.createSession(session);
          return null;
        }),
      ]);
      for (const result of rotations) {
        if (result === null || typeof result === 'number') continue;
        expect(['revoked', undefined]).toContain(result.ok ? undefined : result.reason);
      }
      const all = await store.listSessions(subject, clock.now());
      expect(all).toHaveLength(before.length + racing.length);
      for (const session of before) {
        expect((await store.getSession(session.id, clock.now()))?.status).toBe('revoked');
      }
      expect(all.filter((s) => s.status === 'revoked' && s.revokedAt === at)).toHaveLength(
        count as number,
      );
      expect(await store.revokeSubject(subject, at + 1)).toBe(
        before.length + racing.length - (count as number),
      );
    },
  );

  test(
    'list-sessions',
    "listSessions returns the subject's active and revoked sessions only",
    async ({ store, clock }) => {
      const a = await seed(store, clock);
      const b = await seedRotated(store, clock, { subject: a.subject });
      await seed(store, clock);
      await store.revokeSession(b.id, clock.now());
      const listed = await store.listSessions(a.subject, clock.now());
      expect(listed.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
      expect(listed.find((s) => s.id === a.id)).toEqual(a);
      expect(listed.find((s) => s.id === b.id)).toMatchObject({ status: 'revoked', generation: 1 });
      expect(await store.listSessions(randomId('sub'), clock.now())).toEqual([]);
    },
  );

  test(
    'token-version',
    'token versions start at 0 and bump by one per subject',
    async ({ store, clock }) => {
      const subject = randomId('sub');
      const expiresAt = clock.now() + LONG_TTL;
      expect(await store.getTokenVersion(subject, clock.now())).toBe(0);
      expect(await store.bumpTokenVersion(subject, expiresAt, clock.now())).toBe(1);
      expect(await store.bumpTokenVersion(subject, expiresAt, clock.now())).toBe(2);
      expect(await store.getTokenVersion(subject, clock.now())).toBe(2);
      expect(await store.getTokenVersion(randomId('sub'), clock.now())).toBe(0);
    },
  );

  test(
    'token-version-concurrent',
    `${RACERS} concurrent bumps each get a distinct version`,
    async ({ store, clock }) => {
      const subject = randomId('sub');
      const expiresAt = clock.now() + LONG_TTL;
      const versions = await Promise.all(
        Array.from({ length: RACERS }, () =>
          store.bumpTokenVersion(subject, expiresAt, clock.now()),
        ),
      );
      expect([...versions].sort((x, y) => x - y)).toEqual(
        Array.from({ length: RACERS }, (_, i) => i + 1),
      );
      expect(await store.getTokenVersion(subject, clock.now())).toBe(RACERS);
    },
  );

  test('denylist', 'a denied jti reads as denied; others do not', async ({ store, clock }) => {
    const jti = randomId('jti');
    expect(await store.isJtiDenied(jti, clock.now())).toBe(false);
    await store.denyJti(jti, clock.now() + LONG_TTL, clock.now());
    await store.denyJti(jti, clock.now() + LONG_TTL, clock.now());
    expect(await store.isJtiDenied(jti, clock.now())).toBe(true);
    expect(await store.isJtiDenied(randomId('jti'), clock.now())).toBe(false);
  });

  test(
    'expiry-records',
    'sessions read as absent from their expiresAt on, to every method',
    async ({ store, clock, advance, shortTtl, backendExpires }) => {
      const session = sessionRecord(clock.now(), shortTtl);
      await store.createSession(session);
      const keeper = await seed(store, clock, { subject: session.subject });
      // Expires exactly at the time the test moves to: at expiresAt a record is gone.
      const edge = sessionRecord(clock.now(), shortTtl + 1, { subject: session.subject });
      await store.createSession(edge);
      expect(await store.getSession(session.id, clock.now())).toEqual(session);
      await advance(shortTtl + 1);
      const now = clock.now();
      expect(await store.getSession(session.id, now)).toBeNull();
      if (!backendExpires) expect(await store.getSession(edge.id, now)).toBeNull();
      expect((await store.listSessions(session.subject, now)).map((s) => s.id)).toEqual([
        keeper.id,
      ]);
      expect(await store.rotate(rotation(session, now))).toEqual({
        ok: false,
        reason: 'not_found',
      });
      expect(
        await store.claimGraceReplay({ sessionId: session.id, generation: 0, maxReplays: 3 }, now),
      ).toEqual({ ok: false, reason: 'not_found' });
      expect(await store.revokeSession(session.id, now)).toBe(false);
      expect(await store.revokeSubject(session.subject, now)).toBe(1);
    },
  );

  test(
    'expiry-denylist-and-version',
    'denylist entries and token versions expire at their expiresAt',
    async ({ store, clock, advance, shortTtl }) => {
      const jti = randomId('jti');
      const subject = randomId('sub');
      await store.denyJti(jti, clock.now() + shortTtl, clock.now());
      await store.bumpTokenVersion(subject, clock.now() + shortTtl, clock.now());
      expect(await store.isJtiDenied(jti, clock.now())).toBe(true);
      expect(await store.getTokenVersion(subject, clock.now())).toBe(1);
      await advance(shortTtl + 1);
      expect(await store.isJtiDenied(jti, clock.now())).toBe(false);
      expect(await store.getTokenVersion(subject, clock.now())).toBe(0);
      expect(await store.bumpTokenVersion(subject, clock.now() + LONG_TTL, clock.now())).toBe(1);
    },
  );

  test(
    'delete-expired',
    'deleteExpired removes expired records and keeps live ones',
    deleteExpiredBody,
  );

  test(
    'one-record-per-session',
    "a session's storage does not grow with its rotations",
    async ({ store, clock, countRecords }) => {
      const session = await seed(store, clock);
      const baseline = await countRecords?.();
      let current = session;
      for (let i = 0; i < 50; i += 1) {
        const input = rotation(current, clock.now());
        const result = await store.rotate(input);
        expect(result.ok).toBe(true);
        current = rotated(current, input);
        await store.claimGraceReplay(
          { sessionId: session.id, generation: current.generation, maxReplays: 1 },
          clock.now(),
        );
      }
      expect(await store.getSession(session.id, clock.now())).toEqual({
        ...current,
        graceReplays: 1,
      });
      if (countRecords) expect(await countRecords()).toBe(baseline);
    },
  );

  test(
    'records-isolated',
    'records returned by the store are copies: mutating them changes nothing stored',
    async ({ store, clock }) => {
      const session = await seed(store, clock, { device: { userAgent: 'UA' } });
      const read = (await store.getSession(session.id, clock.now())) as {
        -readonly [K in keyof SessionRecord]: unknown;
      };
      read.status = 'revoked';
      read.secretHash = randomDigest();
      (read.device as { userAgent: string }).userAgent = 'tampered';
      const listed = await store.listSessions(session.subject, clock.now());
      (listed[0] as { generation: number }).generation = 9;
      expect(await store.getSession(session.id, clock.now())).toEqual(session);
    },
  );
  registerAuthenticationTests(test);
}

/** The step-up tests: `authTime`/`amr` kept across rotations, and `setAuthentication`. */
export function registerAuthenticationTests<S extends TokenStore>(test: Register<S>): void {
  test(
    'authentication',
    'authTime and amr round-trip, survive rotation, and setAuthentication updates them (and the device) atomically',
    async ({ store, clock }) => {
      const session = await seed(store, clock, { authTime: clock.now() - 10, amr: ['pwd'] });
      expect(await store.getSession(session.id, clock.now())).toEqual(session);
      const input = rotation(session, clock.now());
      const after = rotated(session, input);
      expect(await store.rotate(input)).toEqual({ ok: true, session: after });
      const set = requireSetAuthentication(store);
      const now = clock.now() + 1;
      const stepped = { ...after, authTime: now, amr: ['pwd', 'otp'] };
      expect(await set(session.id, { authTime: now, amr: ['pwd', 'otp'] }, now)).toEqual(stepped);
      expect(await store.getSession(session.id, now)).toEqual(stepped);
      const moved = { ...stepped, amr: ['otp'], device: { userAgent: 'other' } };
      const update = { authTime: now, amr: ['otp'], device: { userAgent: 'other' } };
      expect(await set(session.id, update, now)).toEqual(moved);
      expect(await set(session.id, { ...update, device: null }, now)).toEqual({
        ...moved,
        device: null,
      });
      const legacy = await seed(store, clock);
      expect(await set(legacy.id, { authTime: now, amr: ['otp'] }, now)).toEqual({
        ...legacy,
        authTime: now,
        amr: ['otp'],
      });
    },
  );

  test(
    'authentication-refused',
    'setAuthentication refuses unknown, revoked and idle- or absolutely-expired sessions and changes nothing',
    async ({ store, clock }) => {
      const set = requireSetAuthentication(store);
      const now = clock.now();
      const update = { authTime: now, amr: ['otp'] };
      expect(await set(sessionIdFor(randomId('sub')), update, now)).toBeNull();
      const revoked = await seed(store, clock, { status: 'revoked', revokedAt: now - 1 });
      expect(await set(revoked.id, update, now)).toBeNull();
      const idle = await seed(store, clock, { idleExpiresAt: now });
      expect(await set(idle.id, update, now)).toBeNull();
      const ended = await seed(store, clock, { absoluteExpiresAt: now - 1 });
      expect(await set(ended.id, update, now)).toBeNull();
      for (const s of [revoked, idle, ended]) {
        expect(await store.getSession(s.id, now)).toEqual(s);
      }
    },
  );
}

function requireSetAuthentication(store: TokenStore): NonNullable<TokenStore['setAuthentication']> {
  const set = store.setAuthentication;
  expect(typeof set, 'the store implements setAuthentication').toBe('function');
  return (set as NonNullable<TokenStore['setAuthentication']>).bind(store);
}

async function deleteExpiredBody<S extends TokenStore>(h: Harness<S>): Promise<void> {
  const { store, clock, advance, shortTtl, countRecords } = h;
  const keeper = await seed(store, clock);
  const baseline = await countRecords?.();
  const doomed = sessionRecord(clock.now(), shortTtl, { subject: keeper.subject });
  await store.createSession(doomed);
  await store.rotate(rotation(doomed, clock.now()));
  await store.denyJti(randomId('jti'), clock.now() + shortTtl, clock.now());
  await store.bumpTokenVersion(randomId('sub'), clock.now() + shortTtl, clock.now());
  await advance(shortTtl + 1);
  const now = clock.now();
  const deleted = await store.deleteExpired(now);
  if (!h.backendExpires) {
    // The counts are the witness when no inspector is given: the session, the
    // denylist entry and the version are three records at least, and a second
    // pass finds nothing left (a store that counts without deleting says 3 again).
    expect(deleted, 'records deleted by deleteExpired').toBeGreaterThanOrEqual(3);
    expect(await store.deleteExpired(now), 'a second deleteExpired at the same now').toBe(0);
  }
  expect(await store.getSession(keeper.id, now)).toEqual(keeper);
  expect(await store.getSession(doomed.id, now)).toBeNull();
  // The raw count proves the records are gone from the backend, not just hidden by reads.
  if (countRecords) expect(await countRecords()).toBe(baseline);
}

const NO_FAST_PATH = 'the store has no rotateIfCurrent (optional)';

/** The store's optional `rotateIfCurrent`, bound, or `undefined`. */
function fastPathOf(
  store: TokenStore,
): ((input: RotateIfCurrentInput) => Promise<RotateIfCurrentResult>) | undefined {
  return store.rotateIfCurrent?.bind(store);
}

async function seed(
  store: TokenStore,
  clock: ConformanceClock,
  overrides: Partial<SessionRecord> = {},
): Promise<SessionRecord> {
  const session = sessionRecord(clock.now(), LONG_TTL, overrides);
  await store.createSession(session);
  return session;
}

/** A session rotated once (generation 1), as the store now holds it. */
async function seedRotated(
  store: TokenStore,
  clock: ConformanceClock,
  overrides: Partial<SessionRecord> = {},
): Promise<SessionRecord> {
  const session = await seed(store, clock, overrides);
  const input = rotation(session, clock.now());
  const result = await store.rotate(input);
  expect(result.ok).toBe(true);
  return rotated(session, input);
}
