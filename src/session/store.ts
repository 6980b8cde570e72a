/**
 * The `TokenStore` contract: what a refresh-token backend (memory, Redis,
 * PostgreSQL, yours) implements. Small and async, Lucia-sized: "not found" is
 * `null`, never an exception; a backend that cannot answer throws, and the
 * engine turns that into `STORE_UNAVAILABLE` (fail closed).
 *
 * Three duties every adapter has:
 * 1. **Atomicity.** `rotate`, `claimGraceReplay`, `revokeFamily`,
 *    `revokeSubject` and `bumpTokenVersion` are each ONE atomic operation (one
 *    Lua script in Redis, one statement or transaction in PostgreSQL). The
 *    engine never reads then writes across two calls to decide a rotation.
 * 2. **Expiry, on the engine's clock.** Every record carries `expiresAt`
 *    (ms since the epoch). The engine passes its own time to every method
 *    that decides expiry (`now`, ms since the epoch; on writes, the time they
 *    carry: `rotatedAt`, `at`, the family's `createdAt`): compare with it,
 *    never with a clock of the store's own, so an engine with an injected
 *    clock and its store always agree. At or after `expiresAt` a record must
 *    read as absent (`null`, `false`, left out of lists) even before it is
 *    physically deleted, and it must eventually be deleted: by the backend's
 *    own TTL (Redis `PEXPIREAT`) or by `deleteExpired`.
 * 3. **No secrets.** The engine only ever hands the store the SHA-256 digest of
 *    a refresh token's secret, never the token. Store what you are given.
 *
 * `tokenwarden/testing` exports `runStoreConformance`, which checks all of this,
 * races included.
 *
 * @example
 * ```ts
 * import type { TokenStore } from 'tokenwarden';
 * class MyStore implements TokenStore { ... }
 * ```
 * @module
 */
import type { DeviceContext } from './events.js';

/**
 * One session (one login on one device): the unit that rotation advances
 * and revocation kills. Times are ms since the epoch.
 *
 * @example
 * ```ts
 * const family = await store.getFamily(sessionId, now);
 * const usable = family?.status === 'active' && now < family.idleExpiresAt;
 * ```
 */
export interface FamilyRecord {
  /** The session id (the access token's `sid`): this record's key. */
  readonly id: string;
  readonly subject: string;
  readonly status: 'active' | 'revoked';
  /** ms since the epoch. */
  readonly createdAt: number;
  /** ms since the epoch. */
  readonly lastUsedAt: number;
  /** Sliding idle expiry (ms since the epoch): moved forward by every rotation, never past `absoluteExpiresAt`. */
  readonly idleExpiresAt: number;
  /** Fixed at login (ms since the epoch): the session ends then whatever its activity. */
  readonly absoluteExpiresAt: number;
  /** Generation of the current token: 0 at login, +1 per rotation. */
  readonly generation: number;
  /** Id of the one token of this family that may still be rotated. */
  readonly currentTokenId: string;
  /** When `status` became `revoked` (ms since the epoch), else `null`. */
  readonly revokedAt: number | null;
  readonly device: DeviceContext | null;
  /**
   * When the store may forget the record (ms since the epoch). The engine sets it one day past
   * `absoluteExpiresAt` (on the family and all its tokens), so a revoked
   * family still reads as revoked (not unknown) and an old token still reads
   * as reuse for the family's whole life.
   */
  readonly expiresAt: number;
}

/**
 * One refresh token of a family, looked up by its public `id`. Only the
 * SHA-256 digest of its secret is kept (base64url).
 *
 * @example
 * ```ts
 * const found = await store.findToken(tokenId, now);
 * if (found?.token.status === 'rotated') handleReplay(found);
 * ```
 */
export interface RefreshTokenRecord {
  readonly id: string;
  /** The id of its session's {@link FamilyRecord}. */
  readonly sessionId: string;
  /** base64url(SHA-256(secret)). Never the secret. */
  readonly secretHash: string;
  readonly generation: number;
  /** ms since the epoch. */
  readonly createdAt: number;
  /** `active` while it is its family's current token; `rotated` once a successor exists. */
  readonly status: 'active' | 'rotated';
  /** When it was rotated (ms since the epoch), else `null`. */
  readonly rotatedAt: number | null;
  /** Id of the token that replaced it, else `null`. */
  readonly successorId: string | null;
  /** Grace replays served for it so far (see `claimGraceReplay`). */
  readonly graceReplays: number;
  /** When the store may forget the record, ms since the epoch (the engine uses the family's `expiresAt`). */
  readonly expiresAt: number;
}

/**
 * A token and its family, as `findToken` returns them.
 *
 * @example
 * ```ts
 * const found = await store.findToken(id, now);
 * if (found?.family.status === 'revoked') refuse('SESSION_REVOKED');
 * ```
 */
export interface TokenWithFamily {
  readonly token: RefreshTokenRecord;
  readonly family: FamilyRecord;
}

/**
 * Input of {@link TokenStore.rotate}.
 *
 * @example
 * ```ts
 * await store.rotate({ sessionId, parentId, successor, rotatedAt: now, idleExpiresAt: now + idleMs });
 * ```
 */
export interface RotateInput {
  /** The id of the session's {@link FamilyRecord}. */
  readonly sessionId: string;
  /** The presented token: must be the family's current token. */
  readonly parentId: string;
  /** The new current token (`status: 'active'`, `generation` = parent's + 1). */
  readonly successor: RefreshTokenRecord;
  /** The engine's now (ms since the epoch): decides expiry, becomes the parent's `rotatedAt` and the family's `lastUsedAt`. */
  readonly rotatedAt: number;
  /** The family's new sliding idle expiry (ms since the epoch). */
  readonly idleExpiresAt: number;
}

/**
 * Outcome of {@link TokenStore.rotate}. On a lost race the loser learns the
 * winner's successor and when it rotated, so the engine can tell a benign race
 * (grace window) from reuse.
 *
 * @example
 * ```ts
 * const result = await store.rotate(input);
 * if (!result.ok && result.reason === 'already_rotated') console.log(result.successorId);
 * ```
 */
export type RotateResult =
  | { readonly ok: true; readonly family: FamilyRecord }
  | {
      readonly ok: false;
      readonly reason: 'already_rotated';
      readonly successorId: string;
      readonly rotatedAt: number;
      /** The family as it is now (its `currentTokenId` tells whether the successor is still current). */
      readonly family: FamilyRecord;
    }
  | { readonly ok: false; readonly reason: 'family_revoked'; readonly family: FamilyRecord }
  | { readonly ok: false; readonly reason: 'not_found' };

/**
 * Input of {@link TokenStore.claimGraceReplay}.
 *
 * @example
 * ```ts
 * await store.claimGraceReplay({ tokenId, successorId, maxReplays: 3 }, now);
 * ```
 */
export interface GraceClaimInput {
  /** The rotated token presented again. */
  readonly tokenId: string;
  /** The successor the engine re-derived; must equal the stored `successorId`. */
  readonly successorId: string;
  /** Cap on `graceReplays`. */
  readonly maxReplays: number;
}

/**
 * Outcome of {@link TokenStore.claimGraceReplay}.
 *
 * @example
 * ```ts
 * const claim = await store.claimGraceReplay(input, now);
 * if (!claim.ok && claim.reason === 'cap_exceeded') revokeFamily();
 * ```
 */
export type GraceClaimResult =
  | { readonly ok: true; readonly replays: number; readonly family: FamilyRecord }
  | {
      readonly ok: false;
      /**
       * `superseded`: the token is not rotated to `successorId`, or that
       * successor is no longer its family's current token (an older generation).
       */
      readonly reason: 'not_found' | 'family_revoked' | 'superseded' | 'cap_exceeded';
    };

/**
 * The storage contract of refresh-token families. Implement it to back
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
  /**
   * Stores a new family and its first token (generation 0, `active`, the
   * family's `currentTokenId`), atomically: a reader sees both or neither.
   * Expiry: each record expires at its own `expiresAt`; the family's
   * `createdAt` is the engine's now.
   */
  createFamily(family: FamilyRecord, token: RefreshTokenRecord): Promise<void>;

  /**
   * The token with this id and its family, or `null` when either is unknown
   * or expired at `now` (ms). A plain read: no atomicity duty beyond a
   * consistent snapshot of the two records.
   */
  findToken(tokenId: string, now: number): Promise<TokenWithFamily | null>;

  /**
   * Rotation as ONE atomic compare-and-swap (DESIGN decision 4). Succeeds only
   * when the family exists and is `active` and `parentId` is its
   * `currentTokenId` (so `active`). On success, in the same atomic step: the
   * parent becomes `rotated` with `rotatedAt` and `successorId`; the successor
   * is inserted and becomes `currentTokenId`; the family's `generation`,
   * `lastUsedAt` (= `rotatedAt`) and `idleExpiresAt` are updated. Otherwise
   * nothing changes and the result says why, checked in this order:
   * `not_found` (family or parent unknown or expired at `rotatedAt`, or
   * parent of another family), `family_revoked`, `already_rotated` (with the stored
   * `successorId`, `rotatedAt` and the current family).
   * When N callers race on one parent, exactly one gets `ok: true`.
   * Expiry: the successor expires at its own `expiresAt`; the family and the
   * parent keep theirs.
   */
  rotate(input: RotateInput): Promise<RotateResult>;

  /**
   * Atomically checks and counts one grace replay of a rotated token: the
   * token and its family exist, the family is `active`, the token is
   * `rotated` with `successorId`, that successor is still the family's
   * `currentTokenId`, and `graceReplays < maxReplays`; then increments
   * `graceReplays`. Concurrent claims never exceed the cap. Expiry is
   * decided at `now` (ms).
   */
  claimGraceReplay(input: GraceClaimInput, now: number): Promise<GraceClaimResult>;

  /** The family, or `null` when unknown or expired at `now` (ms). A plain read. */
  getFamily(sessionId: string, now: number): Promise<FamilyRecord | null>;

  /**
   * Every family of the subject unexpired at `now` (ms), active and revoked,
   * in any order. Keep a per-subject index: this must not scan all families.
   */
  listFamilies(subject: string, now: number): Promise<FamilyRecord[]>;

  /**
   * Marks one family `revoked` with `revokedAt = at` (the engine's now, ms),
   * atomically. Returns `true` when it was active and now is revoked, `false`
   * when unknown, expired at `at` or already revoked. Expiry is unchanged (the revoked record stays
   * until `expiresAt` so the engine can answer `SESSION_REVOKED`).
   */
  revokeFamily(sessionId: string, at: number): Promise<boolean>;

  /**
   * Revokes every active family of the subject unexpired at `at` (the
   * engine's now, ms) in one atomic call (no family created before the call
   * survives it). Returns how many were revoked.
   */
  revokeSubject(subject: string, at: number): Promise<number>;

  /** The subject's token version: `0` when none is stored or it expired at `now` (ms). */
  getTokenVersion(subject: string, now: number): Promise<number>;

  /**
   * Atomically increments the subject's token version (from 0 when absent or
   * expired at `now`, ms) and returns the new value; concurrent bumps each get
   * a distinct value. The record then expires at `expiresAt` (ms).
   */
  bumpTokenVersion(subject: string, expiresAt: number, now: number): Promise<number>;

  /**
   * Denylists an access-token `jti` until `expiresAt` (ms; the token's own
   * `exp`): never longer, so the denylist stays bounded. Idempotent; a later
   * call keeps the later expiry. `now` (ms) is the engine's time of the call.
   */
  denyJti(jti: string, expiresAt: number, now: number): Promise<void>;

  /** `true` while the `jti` is denylisted and its entry has not expired at `now` (ms). */
  isJtiDenied(jti: string, now: number): Promise<boolean>;

  /**
   * Physically deletes every record expired at `now` (ms: families, tokens,
   * versions, denylist entries) and returns how many were deleted, so a
   * second call at the same `now` returns 0. Backends whose records expire by
   * themselves (Redis TTL) may return 0.
   */
  deleteExpired(now: number): Promise<number>;
}
