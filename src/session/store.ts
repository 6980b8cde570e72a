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
 * 2. **Expiry.** Every record carries `expiresAt` (milliseconds since the
 *    epoch). After it the record must read as absent (`null`, `false`, left out
 *    of lists) even before it is physically deleted, and it must eventually be
 *    deleted: by the backend's own TTL (Redis `PEXPIREAT`) or by `deleteExpired`.
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
 * One login on one device: the unit that rotation advances and revocation
 * kills. Times are milliseconds since the epoch.
 *
 * @example
 * ```ts
 * const family = await store.getFamily(familyId);
 * const usable = family?.status === 'active' && Date.now() < family.idleExpiresAt;
 * ```
 */
export interface FamilyRecord {
  readonly id: string;
  readonly subject: string;
  readonly status: 'active' | 'revoked';
  readonly createdAt: number;
  readonly lastUsedAt: number;
  /** Sliding idle expiry: moved forward by every rotation, never past `absoluteExpiresAt`. */
  readonly idleExpiresAt: number;
  /** Fixed at login: the family dies then whatever its activity. */
  readonly absoluteExpiresAt: number;
  /** Generation of the current token: 0 at login, +1 per rotation. */
  readonly generation: number;
  /** Id of the one token of this family that may still be rotated. */
  readonly currentTokenId: string;
  /** When `status` became `revoked`, else `null`. */
  readonly revokedAt: number | null;
  readonly device: DeviceContext | null;
  /**
   * When the store may forget the record. The engine sets it one day past
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
 * const found = await store.findToken(tokenId);
 * if (found?.token.status === 'rotated') handleReplay(found);
 * ```
 */
export interface RefreshTokenRecord {
  readonly id: string;
  readonly familyId: string;
  /** base64url(SHA-256(secret)). Never the secret. */
  readonly secretHash: string;
  readonly generation: number;
  readonly createdAt: number;
  /** `active` while it is its family's current token; `rotated` once a successor exists. */
  readonly status: 'active' | 'rotated';
  /** When it was rotated, else `null`. */
  readonly rotatedAt: number | null;
  /** Id of the token that replaced it, else `null`. */
  readonly successorId: string | null;
  /** Grace replays served for it so far (see `claimGraceReplay`). */
  readonly graceReplays: number;
  /** When the store may forget the record (the engine uses the family's `expiresAt`). */
  readonly expiresAt: number;
}

/**
 * A token and its family, as `findToken` returns them.
 *
 * @example
 * ```ts
 * const found = await store.findToken(id);
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
 * await store.rotate({ familyId, parentId, successor, rotatedAt: now, idleExpiresAt: now + idleMs });
 * ```
 */
export interface RotateInput {
  readonly familyId: string;
  /** The presented token: must be the family's current token. */
  readonly parentId: string;
  /** The new current token (`status: 'active'`, `generation` = parent's + 1). */
  readonly successor: RefreshTokenRecord;
  /** Becomes the parent's `rotatedAt` and the family's `lastUsedAt`. */
  readonly rotatedAt: number;
  /** The family's new sliding idle expiry. */
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
 * await store.claimGraceReplay({ tokenId, successorId, maxReplays: 3 });
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
 * const claim = await store.claimGraceReplay(input);
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
   * Expiry: each record expires at its own `expiresAt`.
   */
  createFamily(family: FamilyRecord, token: RefreshTokenRecord): Promise<void>;

  /**
   * The token with this id and its family, or `null` when either is unknown
   * or expired. A plain read: no atomicity duty beyond a consistent snapshot of
   * the two records.
   */
  findToken(tokenId: string): Promise<TokenWithFamily | null>;

  /**
   * Rotation as ONE atomic compare-and-swap (DESIGN decision 4). Succeeds only
   * when the family exists and is `active` and `parentId` is its
   * `currentTokenId` (so `active`). On success, in the same atomic step: the
   * parent becomes `rotated` with `rotatedAt` and `successorId`; the successor
   * is inserted and becomes `currentTokenId`; the family's `generation`,
   * `lastUsedAt` (= `rotatedAt`) and `idleExpiresAt` are updated. Otherwise
   * nothing changes and the result says why, checked in this order:
   * `not_found` (family or parent unknown/expired, or parent of another
   * family), `family_revoked`, `already_rotated` (with the stored
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
   * `graceReplays`. Concurrent claims never exceed the cap.
   */
  claimGraceReplay(input: GraceClaimInput): Promise<GraceClaimResult>;

  /** The family, or `null` when unknown or expired. A plain read. */
  getFamily(familyId: string): Promise<FamilyRecord | null>;

  /**
   * Every unexpired family of the subject, active and revoked, in any order.
   * Keep a per-subject index: this must not scan all families.
   */
  listFamilies(subject: string): Promise<FamilyRecord[]>;

  /**
   * Marks one family `revoked` with `revokedAt = at`, atomically. Returns
   * `true` when it was active and now is revoked, `false` when unknown,
   * expired or already revoked. Expiry is unchanged (the revoked record stays
   * until `expiresAt` so the engine can answer `SESSION_REVOKED`).
   */
  revokeFamily(familyId: string, at: number): Promise<boolean>;

  /**
   * Revokes every active family of the subject in one atomic call (no family
   * created before the call survives it). Returns how many were revoked.
   */
  revokeSubject(subject: string, at: number): Promise<number>;

  /** The subject's token version: `0` when none is stored or it expired. */
  getTokenVersion(subject: string): Promise<number>;

  /**
   * Atomically increments the subject's token version (from 0 when absent or
   * expired) and returns the new value; concurrent bumps each get a distinct
   * value. The record then expires at `expiresAt`.
   */
  bumpTokenVersion(subject: string, expiresAt: number): Promise<number>;

  /**
   * Denylists an access-token `jti` until `expiresAt` (the token's own `exp`):
   * never longer, so the denylist stays bounded. Idempotent; a later call
   * keeps the later expiry.
   */
  denyJti(jti: string, expiresAt: number): Promise<void>;

  /** `true` while the `jti` is denylisted and its entry has not expired. */
  isJtiDenied(jti: string): Promise<boolean>;

  /**
   * Physically deletes every expired record (families, tokens, versions,
   * denylist entries) and returns how many were deleted. Backends whose
   * records expire by themselves (Redis TTL) may return 0.
   */
  deleteExpired(): Promise<number>;
}
