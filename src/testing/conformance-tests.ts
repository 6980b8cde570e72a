/**
 * The conformance tests themselves, registered by `runStoreConformance`.
 * Each builds its own records with fresh ids and shares nothing.
 * @module
 */
import { expect } from 'vitest';
import type { FamilyRecord, TokenStore } from '../session/store.js';
import { familyRecord, randomId, rotation, successorRecord, tokenRecord } from './records.js';

/**
 * Every test of the suite, by name: the keys of `options.skip`.
 *
 * @example
 * ```ts
 * runStoreConformance('MyStore', make, { skip: { 'records-isolated': 'rows are always fresh copies' } });
 * ```
 */
export type ConformanceTestName =
  | 'create-find'
  | 'rotate'
  | 'rotate-already-rotated'
  | 'rotate-concurrent'
  | 'rotate-refused'
  | 'grace-claim'
  | 'grace-claim-refused'
  | 'grace-claim-concurrent'
  | 'revoke-family'
  | 'revoke-subject'
  | 'list-families'
  | 'token-version'
  | 'token-version-concurrent'
  | 'denylist'
  | 'expiry-records'
  | 'expiry-denylist-and-version'
  | 'delete-expired'
  | 'records-isolated';

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
    'create-find',
    'createFamily stores a family and its token; findToken and getFamily read them',
    async ({ store, clock }) => {
      const family = familyRecord(clock.now(), LONG_TTL);
      const token = tokenRecord(family);
      await store.createFamily(family, token);
      expect(await store.findToken(token.id, clock.now())).toEqual({ token, family });
      expect(await store.getFamily(family.id, clock.now())).toEqual(family);
      expect(await store.findToken(randomId('tok'), clock.now())).toBeNull();
      expect(await store.getFamily(randomId('fam'), clock.now())).toBeNull();
    },
  );

  test(
    'rotate',
    'rotate marks the parent rotated and makes the successor current in one step',
    async ({ store, clock }) => {
      const { family, token } = await seed(store, clock);
      const at = clock.now() + 5;
      const successor = successorRecord(token, at);
      const result = await store.rotate(rotation(family, token, successor, at));
      const expected: FamilyRecord = {
        ...family,
        currentTokenId: successor.id,
        generation: 1,
        lastUsedAt: at,
        idleExpiresAt: at + 1000,
      };
      expect(result).toEqual({ ok: true, family: expected });
      const parent = await store.findToken(token.id, clock.now());
      expect(parent?.token).toEqual({
        ...token,
        status: 'rotated',
        rotatedAt: at,
        successorId: successor.id,
      });
      expect(await store.findToken(successor.id, clock.now())).toEqual({
        token: successor,
        family: expected,
      });
    },
  );

  test(
    'rotate-already-rotated',
    'a second rotation of the same parent names the first successor and stores nothing',
    async ({ store, clock }) => {
      const { family, token } = await seed(store, clock);
      const at = clock.now();
      const first = successorRecord(token, at);
      const second = successorRecord(token, at + 1);
      await store.rotate(rotation(family, token, first, at));
      const result = await store.rotate(rotation(family, token, second, at + 1));
      expect(result).toMatchObject({
        ok: false,
        reason: 'already_rotated',
        successorId: first.id,
        rotatedAt: at,
      });
      expect(
        result.ok === false && result.reason === 'already_rotated' && result.family.currentTokenId,
      ).toBe(first.id);
      expect(await store.findToken(second.id, clock.now())).toBeNull();
      // After the successor rotates too, the old parent's successor is no longer current.
      const third = successorRecord(first, at + 2);
      await store.rotate(rotation(family, first, third, at + 2));
      const again = await store.rotate(rotation(family, token, second, at + 3));
      expect(again).toMatchObject({
        ok: false,
        reason: 'already_rotated',
        successorId: first.id,
        family: { currentTokenId: third.id, generation: 2 },
      });
    },
  );

  test(
    'rotate-concurrent',
    `${RACERS} concurrent rotations of one token: exactly one winner, the rest name its successor`,
    async ({ store, clock }) => {
      const { family, token } = await seed(store, clock);
      const at = clock.now();
      const successors = Array.from({ length: RACERS }, () => successorRecord(token, at));
      const results = await Promise.all(
        successors.map((successor) => store.rotate(rotation(family, token, successor, at))),
      );
      const winners = results.flatMap((result, i) => (result.ok ? [successors[i]!] : []));
      expect(winners).toHaveLength(1);
      const winner = winners[0]!;
      for (const result of results) {
        if (result.ok) continue;
        expect(result).toMatchObject({ reason: 'already_rotated', successorId: winner.id });
      }
      expect((await store.getFamily(family.id, clock.now()))?.currentTokenId).toBe(winner.id);
      expect((await store.getFamily(family.id, clock.now()))?.generation).toBe(1);
      const stored = await Promise.all(successors.map((s) => store.findToken(s.id, clock.now())));
      expect(stored.filter((found) => found !== null)).toHaveLength(1);
    },
  );

  test(
    'rotate-refused',
    'rotate refuses a revoked family, an unknown family or parent, and a parent of another family',
    async ({ store, clock }) => {
      const a = await seed(store, clock);
      const b = await seed(store, clock);
      const at = clock.now();
      const input = (sessionId: string, parentId: string) => ({
        ...rotation(a.family, a.token, successorRecord(a.token, at), at),
        sessionId,
        parentId,
      });
      expect(await store.rotate(input(randomId('fam'), a.token.id))).toEqual({
        ok: false,
        reason: 'not_found',
      });
      expect(await store.rotate(input(a.family.id, randomId('tok')))).toEqual({
        ok: false,
        reason: 'not_found',
      });
      expect(await store.rotate(input(a.family.id, b.token.id))).toEqual({
        ok: false,
        reason: 'not_found',
      });
      await store.revokeFamily(a.family.id, at);
      const revoked = await store.rotate(input(a.family.id, a.token.id));
      expect(revoked).toMatchObject({
        ok: false,
        reason: 'family_revoked',
        family: { id: a.family.id, status: 'revoked' },
      });
      expect((await store.findToken(a.token.id, clock.now()))?.token.status).toBe('active');
    },
  );

  test(
    'grace-claim',
    'claimGraceReplay counts replays of the immediate parent up to the cap',
    async ({ store, clock }) => {
      const { family, token, successor } = await seedRotated(store, clock);
      const claim = () =>
        store.claimGraceReplay(
          { tokenId: token.id, successorId: successor.id, maxReplays: 2 },
          clock.now(),
        );
      expect(await claim()).toMatchObject({
        ok: true,
        replays: 1,
        family: { id: family.id, currentTokenId: successor.id },
      });
      expect(await claim()).toMatchObject({ ok: true, replays: 2 });
      expect(await claim()).toEqual({ ok: false, reason: 'cap_exceeded' });
      expect((await store.findToken(token.id, clock.now()))?.token.graceReplays).toBe(2);
    },
  );

  test(
    'grace-claim-refused',
    'claimGraceReplay refuses older generations, wrong successors, active, unknown and revoked tokens',
    async ({ store, clock }) => {
      const { family, token, successor } = await seedRotated(store, clock);
      const claim = (tokenId: string, successorId: string) =>
        store.claimGraceReplay({ tokenId, successorId, maxReplays: 5 }, clock.now());
      expect(await claim(token.id, randomId('tok'))).toEqual({ ok: false, reason: 'superseded' });
      expect(await claim(successor.id, randomId('tok'))).toEqual({
        ok: false,
        reason: 'superseded',
      });
      expect(await claim(randomId('tok'), successor.id)).toEqual({
        ok: false,
        reason: 'not_found',
      });
      const at = clock.now();
      const next = successorRecord(successor, at);
      await store.rotate(rotation(family, successor, next, at));
      expect(await claim(token.id, successor.id)).toEqual({ ok: false, reason: 'superseded' });
      expect(await claim(successor.id, next.id)).toMatchObject({ ok: true, replays: 1 });
      await store.revokeFamily(family.id, at);
      expect(await claim(successor.id, next.id)).toEqual({ ok: false, reason: 'family_revoked' });
    },
  );

  test(
    'grace-claim-concurrent',
    `${RACERS} concurrent grace claims never exceed the cap`,
    async ({ store, clock }) => {
      const { token, successor } = await seedRotated(store, clock);
      const results = await Promise.all(
        Array.from({ length: RACERS }, () =>
          store.claimGraceReplay(
            { tokenId: token.id, successorId: successor.id, maxReplays: 3 },
            clock.now(),
          ),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(3);
      expect(results.filter((r) => !r.ok && r.reason === 'cap_exceeded')).toHaveLength(RACERS - 3);
    },
  );

  test(
    'revoke-family',
    'revokeFamily revokes once, keeps the record readable and leaves other families alone',
    async ({ store, clock }) => {
      const a = await seed(store, clock);
      const b = await seed(store, clock, { subject: a.family.subject });
      const at = clock.now() + 7;
      expect(await store.revokeFamily(a.family.id, at)).toBe(true);
      expect(await store.revokeFamily(a.family.id, at + 1)).toBe(false);
      expect(await store.revokeFamily(randomId('fam'), at)).toBe(false);
      expect(await store.getFamily(a.family.id, clock.now())).toEqual({
        ...a.family,
        status: 'revoked',
        revokedAt: at,
      });
      expect((await store.findToken(a.token.id, clock.now()))?.family.status).toBe('revoked');
      expect((await store.getFamily(b.family.id, clock.now()))?.status).toBe('active');
    },
  );

  test(
    'revoke-subject',
    'revokeSubject revokes every active family of one subject and counts them',
    async ({ store, clock }) => {
      const first = await seed(store, clock);
      const subject = first.family.subject;
      const others = await Promise.all([
        seed(store, clock, { subject }),
        seed(store, clock, { subject }),
      ]);
      const stranger = await seed(store, clock);
      const at = clock.now();
      await store.revokeFamily(others[0].family.id, at);
      expect(await store.revokeSubject(subject, at + 1)).toBe(2);
      for (const { family } of [first, ...others]) {
        expect((await store.getFamily(family.id, clock.now()))?.status).toBe('revoked');
      }
      expect((await store.getFamily(others[0].family.id, clock.now()))?.revokedAt).toBe(at);
      expect((await store.getFamily(stranger.family.id, clock.now()))?.status).toBe('active');
      expect(await store.revokeSubject(subject, at + 2)).toBe(0);
      expect(await store.revokeSubject(randomId('sub'), at)).toBe(0);
    },
  );

  test(
    'list-families',
    "listFamilies returns the subject's active and revoked families only",
    async ({ store, clock }) => {
      const a = await seed(store, clock);
      const b = await seed(store, clock, { subject: a.family.subject });
      await seed(store, clock);
      await store.revokeFamily(b.family.id, clock.now());
      const listed = await store.listFamilies(a.family.subject, clock.now());
      expect(listed.map((f) => f.id).sort()).toEqual([a.family.id, b.family.id].sort());
      expect(listed.find((f) => f.id === b.family.id)?.status).toBe('revoked');
      expect(await store.listFamilies(randomId('sub'), clock.now())).toEqual([]);
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
    'families and tokens read as absent once expired',
    async ({ store, clock, advance, shortTtl }) => {
      const family = familyRecord(clock.now(), shortTtl);
      const token = tokenRecord(family);
      await store.createFamily(family, token);
      const keeper = await seed(store, clock, { subject: family.subject });
      expect(await store.findToken(token.id, clock.now())).not.toBeNull();
      await advance(shortTtl + 1);
      expect(await store.findToken(token.id, clock.now())).toBeNull();
      expect(await store.getFamily(family.id, clock.now())).toBeNull();
      expect((await store.listFamilies(family.subject, clock.now())).map((f) => f.id)).toEqual([
        keeper.family.id,
      ]);
      expect(await store.revokeFamily(family.id, clock.now())).toBe(false);
      expect(await store.revokeSubject(family.subject, clock.now())).toBe(1);
      const at = clock.now();
      const rotated = await store.rotate(rotation(family, token, successorRecord(token, at), at));
      expect(rotated).toEqual({ ok: false, reason: 'not_found' });
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
    },
  );

  test(
    'delete-expired',
    'deleteExpired removes expired records and keeps live ones',
    deleteExpiredBody,
  );

  test(
    'records-isolated',
    'records returned by the store are copies: mutating them changes nothing stored',
    async ({ store, clock }) => {
      const { family, token } = await seed(store, clock);
      const found = await store.findToken(token.id, clock.now());
      (found!.family as { status: string }).status = 'revoked';
      (found!.token as { status: string }).status = 'rotated';
      const listed = await store.listFamilies(family.subject, clock.now());
      (listed[0] as { currentTokenId: string }).currentTokenId = 'tampered';
      expect(await store.findToken(token.id, clock.now())).toEqual({ token, family });
    },
  );
}

async function deleteExpiredBody<S extends TokenStore>(h: Harness<S>): Promise<void> {
  const { store, clock, advance, shortTtl, countRecords } = h;
  const keeper = await seed(store, clock);
  const baseline = await countRecords?.();
  const doomed = familyRecord(clock.now(), shortTtl, { subject: keeper.family.subject });
  await store.createFamily(doomed, tokenRecord(doomed));
  await store.denyJti(randomId('jti'), clock.now() + shortTtl, clock.now());
  await store.bumpTokenVersion(randomId('sub'), clock.now() + shortTtl, clock.now());
  await advance(shortTtl + 1);
  const now = clock.now();
  const deleted = await store.deleteExpired(now);
  if (!h.backendExpires) {
    // The counts are the witness when no inspector is given: the family, the
    // denylist entry and the version are three records at least, and a second
    // pass finds nothing left (a store that counts without deleting says 3 again).
    expect(deleted, 'records deleted by deleteExpired').toBeGreaterThanOrEqual(3);
    expect(await store.deleteExpired(now), 'a second deleteExpired at the same now').toBe(0);
  }
  expect(await store.findToken(keeper.token.id, now)).toEqual(keeper);
  expect(await store.getFamily(doomed.id, now)).toBeNull();
  // The raw count proves the records are gone from the backend, not just hidden by reads.
  if (countRecords) expect(await countRecords()).toBe(baseline);
}

async function seed(
  store: TokenStore,
  clock: ConformanceClock,
  overrides: Partial<FamilyRecord> = {},
) {
  const family = familyRecord(clock.now(), LONG_TTL, overrides);
  const token = tokenRecord(family);
  await store.createFamily(family, token);
  return { family, token };
}

async function seedRotated(store: TokenStore, clock: ConformanceClock) {
  const { family, token } = await seed(store, clock);
  const at = clock.now();
  const successor = successorRecord(token, at);
  const result = await store.rotate(rotation(family, token, successor, at));
  expect(result.ok).toBe(true);
  return { family, token, successor };
}
