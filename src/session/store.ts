/**
 * The `TokenStore` contract: what a refresh-token backend (memory, Redis,
 * PostgreSQL, yours) implements. Small and async, Lucia-sized: "not found" is
 * `null`, never an exception; a backend that cannot answer throws, and the
 * engine turns that into `STORE_UNAVAILABLE` (fail closed).
 *
 * A session's storage is O(1) in its number of rotations: the store keeps one
 * record per session holding only the *current* refresh token's generation
 * and secret digest. Older tokens are recognised by the engine, which
 * re-derives the successor chain from the presented token (see the README,
 * "Refresh tokens: storage that does not grow"); the store never keeps a
 * record per rotated token.
 *
 * Four duties every adapter has:
 * 1. **Atomicity.** `rotate`, `claimGraceReplay`, `setAuthentication`,
 *    `revokeSession`, `revokeSubject` and `bumpTokenVersion` are each ONE atomic operation (one
 *    Lua script in Redis, one statement or transaction in PostgreSQL). The
 *    engine never reads then writes across two calls to decide a rotation.
 * 2. **Expiry, on the engine's clock.** Every record carries `expiresAt`
 *    (ms since the epoch). The engine passes its own time to every method
 *    that decides expiry (`now`, ms since the epoch; writes carry their time:
 *    `rotatedAt`, `at`, the session's `createdAt`): compare with it, never with
 *    a clock of the store's own. At or after `expiresAt` a record must read as
 *    absent (`null`, `false`, left out of lists) even before it is physically
 *    deleted, and it must eventually be deleted: by the backend's own TTL
 *    (Redis `PEXPIREAT`) or by `deleteExpired`.
 * 3. **No secrets.** The engine only ever hands the store the SHA-256 digest of
 *    a refresh token's secret, never the token. Store what you are given.
 * 4. **Co-location.** A session id starts with its subject's tag
 *    ({@link subjectTag}, 8 characters). A sharded backend (Redis Cluster) puts
 *    every record of one subject in one shard by that tag, so `revokeSubject`
 *    stays one atomic operation.
 *
 * One method is optional: {@link TokenStore.rotateIfCurrent}, the refresh
 * fast path. A refresh of the current token then costs ONE store call (one
 * Lua script, one SQL statement, one synchronous Map step) instead of three
 * (`getSession`, `getTokenVersion`, `rotate`): the store checks everything
 * the engine would have checked on the record (active, unexpired, at the
 * presented generation, the presented secret's digest equal to the stored
 * one), rotates, and hands back the subject's token version read in the same
 * step. When any check fails it changes nothing and returns the record as it
 * is, and the engine decides on it exactly as it always did (grace window,
 * chain proof, reuse detection): the store never decides about reuse. The
 * engine skips the fast path when it needs the record before rotating (a
 * `deviceBinding` policy). A store without the method works unchanged.
 *
 * `tokenwarden/testing` exports `runStoreConformance`, which checks all of this,
 * races included (and `rotateIfCurrent` when a store has it).
 *
 * @example
 * ```ts
 * import type { TokenStore } from 'tokenwarden';
 * class MyStore implements TokenStore { ... }
 * ```
 * @module
 */
import type { DeviceContext } from './events.js';

// Store authors (and sharded stores) need the tag: it is part of the contract.
export { subjectTag } from './subject-tag.js';

/**
 * One session (one login on one device) and its current refresh token: the
 * unit that rotation advances and revocation ends. Times are ms since the epoch.
 *
 * @example
 * ```ts
 * const session = await store.getSession(sessionId, now);
 * const usable = session?.status === 'active' && now < session.idleExpiresAt;
 * ```
 */
export interface SessionRecord {
  /** The session id (the access token's `sid`): this record's key. Starts with `subjectTag(subject)`. */
  readonly id: string;
  readonly subject: string;
  readonly status: 'active' | 'revoked';
  /** ms since the epoch. */
  readonly createdAt: number;
  /** ms since the epoch: the last login or rotation. */
  readonly lastUsedAt: number;
  /** Sliding idle expiry (ms since the epoch): moved forward by every rotation, never past `absoluteExpiresAt`. */
  readonly idleExpiresAt: number;
  /** Fixed at login (ms since the epoch): the session ends then whatever its activity. */
  readonly absoluteExpiresAt: number;
  /** Generation of the current refresh token: 0 at login, +1 per rotation. */
  readonly generation: number;
  /** base64url(SHA-256(secret of the current refresh token)). Never the secret. */
  readonly secretHash: string;
  /** When the current generation was made by a rotation (ms), `null` at generation 0. The grace window is measured from it. */
  readonly rotatedAt: number | null;
  /** Grace replays served since the current generation was made (see `claimGraceReplay`). */
  readonly graceReplays: number;
  /** When `status` became `revoked` (ms), else `null`. */
  readonly revokedAt: number | null;
  readonly device: DeviceContext | null;
  /**
   * When the user last really authenticated in this session (ms): the login,
   * or the last `setAuthentication` (step-up). Rotations keep it. Absent on
   * records written before tokenwarden stored it: the engine then reads
   * `createdAt` (the login). Stores keep what they are given and may leave
   * it out when they were given none.
   */
  readonly authTime?: number;
  /**
   * How the user authenticated at `authTime` (RFC 8176 method names such as
   * `pwd`, `otp`). Absent on older records: the engine reads `[]`, which
   * satisfies no `amr` requirement.
   */
  readonly amr?: readonly string[];
  /**
   * When the store may forget the record (ms). The engine sets it one day past
   * `absoluteExpiresAt`, so a revoked session still reads as revoked (not
   * unknown) for its whole life.
   */
  readonly expiresAt: number;
}

/**
 * Input of {@link TokenStore.rotate}.
 *
 * @example
 * ```ts
 * await store.rotate({ sessionId, generation: 4, secretHash, rotatedAt: now, idleExpiresAt: now + idleMs });
 * ```
 */
export interface RotateInput {
  readonly sessionId: string;
  /** The generation the engine saw as current: the swap happens only if it still is. */
  readonly generation: number;
  /** Digest of the successor's secret: becomes `secretHash`, with `generation + 1`. */
  readonly secretHash: string;
  /** Becomes `rotatedAt` and `lastUsedAt`; `graceReplays` restarts at 0. */
  readonly rotatedAt: number;
  /** The session's new sliding idle expiry (ms). */
  readonly idleExpiresAt: number;
}

/**
 * Outcome of {@link TokenStore.rotate}. On a lost race the loser gets the
 * session as it is now, so the engine can tell a benign race (grace window)
 * from reuse.
 *
 * @example
 * ```ts
 * const result = await store.rotate(input);
 * if (!result.ok && result.reason === 'superseded') console.log(result.session.generation);
 * ```
 */
export type RotateResult =
  | { readonly ok: true; readonly session: SessionRecord }
  | {
      readonly ok: false;
      readonly reason: 'superseded' | 'revoked';
      readonly session: SessionRecord;
    }
  | { readonly ok: false; readonly reason: 'not_found' };

/**
 * Input of {@link TokenStore.rotateIfCurrent}: a {@link RotateInput} whose
 * `generation` is the presented token's, plus the presented secret's digest.
 *
 * @example
 * ```ts
 * await store.rotateIfCurrent({ sessionId, generation: 4, presentedHash, secretHash, rotatedAt: now, idleExpiresAt: now + idleMs });
 * ```
 */
export interface RotateIfCurrentInput extends RotateInput {
  /**
   * base64url(SHA-256(presented secret)): the rotation happens only when it
   * equals the stored `secretHash`. A digest, never the secret.
   */
  readonly presentedHash: string;
  /**
   * The new sliding idle expiry (ms), before the store caps it at the
   * session's `absoluteExpiresAt` (the engine has not read the session).
   */
  readonly idleExpiresAt: number;
}

/**
 * Outcome of {@link TokenStore.rotateIfCurrent}. When it did not rotate,
 * `session` is the record as `getSession(sessionId, rotatedAt)` would read it
 * in that step (`null`: unknown or expired at `rotatedAt`), for the engine
 * to decide on as it would after a `getSession`. A store whose reads see a
 * snapshot (PostgreSQL under READ COMMITTED) may return a racing winner's
 * record as it was just before that rotation; the engine's regular path
 * (`rotate`, which then reports `superseded`) sorts that out.
 *
 * @example
 * ```ts
 * const result = await store.rotateIfCurrent(input);
 * if (result.ok) issueAccessToken({ sid: result.session.id, ver: result.tokenVersion });
 * ```
 */
export type RotateIfCurrentResult =
  | {
      readonly ok: true;
      readonly session: SessionRecord;
      /** The subject's token version (`getTokenVersion` at `rotatedAt`), read in the same atomic step. */
      readonly tokenVersion: number;
    }
  | { readonly ok: false; readonly session: SessionRecord | null };

/**
 * Input of {@link TokenStore.claimGraceReplay}.
 *
 * @example
 * ```ts
 * await store.claimGraceReplay({ sessionId, generation: 5, maxReplays: 64 }, now);
 * ```
 */
export interface GraceClaimInput {
  readonly sessionId: string;
  /** The generation the replayed parent's successor has: it must still be current. */
  readonly generation: number;
  /** Cap on `graceReplays`. */
  readonly maxReplays: number;
}

/**
 * Outcome of {@link TokenStore.claimGraceReplay}.
 *
 * @example
 * ```ts
 * const claim = await store.claimGraceReplay(input, now);
 * if (!claim.ok && claim.reason === 'cap_exceeded') refuseWithoutRevoking();
 * ```
 */
export type GraceClaimResult =
  | { readonly ok: true; readonly replays: number; readonly session: SessionRecord }
  | {
      readonly ok: false;
      /** `superseded`: `generation` is no longer the session's current generation. */
      readonly reason: 'not_found' | 'revoked' | 'superseded' | 'cap_exceeded';
    };

/**
 * Input of {@link TokenStore.setAuthentication}.
 *
 * @example
 * ```ts
 * await store.setAuthentication(sessionId, { authTime: now, amr: ['otp'], device: { userAgent } }, now);
 * ```
 */
export interface AuthenticationUpdate {
  /** Becomes `authTime` (ms). */
  readonly authTime: number;
  /** Becomes `amr`. */
  readonly amr: readonly string[];
  /** When given, becomes `device` (the context the new authentication vouched for); else `device` is kept. */
  readonly device?: DeviceContext | null;
}

/**
 * The storage contract of refresh-token sessions. Implement it to back
 * tokenwarden with any database; run `runStoreConformance` from
 * `tokenwarden/testing` against your implementation.
 *
 * @example
 * ```ts
 * import { createRotationEngine, MemoryStore, type TokenStore } from 'tokenwarden';
 * const store: TokenStore = new MemoryStore();
 * const engine = createRotationEngine({ store });
 * ```
 */
export interface TokenStore {
  /** Stores a new session (generation 0). Expires at its own `expiresAt`. */
  createSession(session: SessionRecord): Promise<void>;

  /** The session, or `null` when unknown or expired at `now`. A plain read. */
  getSession(sessionId: string, now: number): Promise<SessionRecord | null>;

  /**
   * Rotation as ONE atomic compare-and-swap (DESIGN decision 4). Succeeds only
   * when the session exists, is `active` and its `generation` equals
   * `input.generation`; then, in the same step: `generation + 1`,
   * `secretHash`, `rotatedAt`, `lastUsedAt` (= `rotatedAt`), `idleExpiresAt`,
   * `graceReplays = 0`. Otherwise nothing changes and the result says why, in
   * this order: `not_found` (unknown or expired at `rotatedAt`), `revoked`,
   * `superseded` (another generation is current; with the session as it is).
   * When N callers race on one generation, exactly one gets `ok: true`.
   */
  rotate(input: RotateInput): Promise<RotateResult>;

  /**
   * OPTIONAL refresh fast path: `rotate`, with every check of the refresh
   * flow's happy path moved into the same ONE atomic step. Rotates (same
   * effects as `rotate`, `idleExpiresAt` capped at the session's
   * `absoluteExpiresAt`) only when, at `now = input.rotatedAt`, the session:
   * exists and `now < expiresAt`; is `active`; has `now < idleExpiresAt` and
   * `now < absoluteExpiresAt`; has `generation === input.generation`; and has
   * `secretHash === input.presentedHash`. Then it returns the rotated record
   * and the subject's token version, read in the same step (so a logout-all
   * either comes after it and outdates that version, or before it and
   * revokes the session first). Otherwise nothing is written and the result
   * carries the record as it is (`null` when unknown or expired). When N
   * callers race on one generation, exactly one gets `ok: true`.
   *
   * The digest comparison need not be constant-time: both sides are SHA-256
   * digests of 256-bit random secrets, so what a timing side channel could
   * reveal is (a prefix of) the stored digest, and turning a digest into a
   * usable token needs a SHA-256 preimage. The engine's own comparison, on
   * the slow path, is constant-time anyway.
   *
   * Leave it out and the engine uses `getSession`, `getTokenVersion` and
   * `rotate`, with the same results.
   */
  rotateIfCurrent?(input: RotateIfCurrentInput): Promise<RotateIfCurrentResult>;

  /**
   * Atomically checks and counts one grace replay: the session exists at
   * `now`, is `active`, its `generation` equals `input.generation`, and
   * `graceReplays < maxReplays`; then increments `graceReplays`. Concurrent
   * claims never exceed the cap.
   */
  claimGraceReplay(input: GraceClaimInput, now: number): Promise<GraceClaimResult>;

  /**
   * Step-up (RFC 9470): records a new authentication of the session, as ONE
   * atomic operation. Only when the session exists at `now`, is `active` and
   * `now` is before both its `idleExpiresAt` and `absoluteExpiresAt`: sets
   * `authTime` and `amr` (and `device` when `update.device` is not
   * `undefined`), changes nothing else (generation, digest and expiries
   * stay), and returns the updated record. Otherwise changes nothing and
   * returns `null`.
   *
   * Optional for stores written before tokenwarden stored step-ups: without it,
   * `stepUp` rejects with a `TypeError` naming the missing method, and
   * everything else works (such a store's records read as authenticated at
   * `createdAt` with `amr: []`).
   */
  setAuthentication?(
    sessionId: string,
    update: AuthenticationUpdate,
    now: number,
  ): Promise<SessionRecord | null>;

  /**
   * Every session of the subject unexpired at `now`, active and revoked, in
   * any order. Keep a per-subject index: this must not scan all sessions.
   */
  listSessions(subject: string, now: number): Promise<SessionRecord[]>;

  /**
   * Marks one session `revoked` with `revokedAt = at`, atomically. `true` when
   * it was active and now is revoked; `false` when unknown, expired at `at` or
   * already revoked. Expiry is unchanged.
   */
  revokeSession(sessionId: string, at: number): Promise<boolean>;

  /**
   * Revokes every active session of the subject in one atomic call (no session
   * created before the call survives it). Returns how many were revoked.
   */
  revokeSubject(subject: string, at: number): Promise<number>;

  /** The subject's token version: `0` when none is stored or it expired at `now`. */
  getTokenVersion(subject: string, now: number): Promise<number>;

  /**
   * Atomically increments the subject's token version (from 0 when absent or
   * expired at `now`) and returns the new value; concurrent bumps each get a
   * distinct value. The record then expires at `expiresAt` (ms).
   */
  bumpTokenVersion(subject: string, expiresAt: number, now: number): Promise<number>;

  /**
   * Denylists an access-token `jti` until `expiresAt` (ms; the token's own
   * `exp`): never longer. Idempotent; a later call keeps the later expiry.
   */
  denyJti(jti: string, expiresAt: number, now: number): Promise<void>;

  /** `true` while the `jti` is denylisted and its entry has not expired at `now`. */
  isJtiDenied(jti: string, now: number): Promise<boolean>;

  /**
   * Physically deletes every record expired at `now` (sessions, versions,
   * denylist entries) and returns how many were deleted. Backends whose
   * records expire by themselves (Redis TTL) may return 0.
   */
  deleteExpired(now: number): Promise<number>;
}
