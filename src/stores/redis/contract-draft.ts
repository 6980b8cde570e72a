/**
 * LOCAL COPY of the draft `TokenStore` contract (store-v2, O(1) storage per
 * session) and of `subjectTag`, so `RedisStore` compiles before that branch
 * lands. When it does, the lead deletes this file and points the imports of
 * `src/stores/redis/` at `../../session/store.js` (which exports the same
 * names). Nothing here is public API.
 * @module
 */
import type { DeviceContext } from '../../session/events.js';

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
   * Atomically checks and counts one grace replay: the session exists at
   * `now`, is `active`, its `generation` equals `input.generation`, and
   * `graceReplays < maxReplays`; then increments `graceReplays`. Concurrent
   * claims never exceed the cap.
   */
  claimGraceReplay(input: GraceClaimInput, now: number): Promise<GraceClaimResult>;

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

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const encoder = new TextEncoder();

/**
 * FNV-1a (32 bits) over the subject's UTF-8 bytes, as 8 lowercase hex
 * characters: the prefix of every session id of the subject (the session
 * layer's `subjectTag`, copied until store-v2 lands).
 *
 * @example
 * ```ts
 * subjectTag('a'); // 'e40c292c'
 * ```
 */
export function subjectTag(subject: string): string {
  let hash = FNV_OFFSET;
  for (const byte of encoder.encode(subject)) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** Length of {@link subjectTag}'s output: the prefix of every session id. */
export const SUBJECT_TAG_LENGTH = 8;
