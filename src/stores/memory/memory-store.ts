/**
 * `MemoryStore`: the embedded default {@link TokenStore}. Every operation is
 * O(1) (Maps plus a per-subject index, listing is O(families of the subject)),
 * expired records read as absent at once and are deleted by an incremental
 * sweep on writes or by `deleteExpired`, so memory stays bounded without a
 * timer keeping the process alive. Expiry is decided at the time the engine
 * passes in (`now`, or the time a write carries), so the store and its engine
 * always share one clock.
 *
 * Safe under concurrent async callers: each method's whole critical section
 * runs synchronously, with no `await` inside, so in one JavaScript thread no
 * other caller can interleave between its read and its write. That makes
 * `rotate` a real compare-and-swap. State is per process: several server
 * instances need a shared store (Redis, PostgreSQL).
 *
 * @example
 * ```ts
 * import { createRotationEngine, MemoryStore } from 'tokenwarden';
 * const engine = createRotationEngine({ store: new MemoryStore() });
 * ```
 * @module
 */
import { type Clock, systemClock } from '../../core/clock.js';
import { FamilyTable } from './family-table.js';
import { flatString } from './flat-string.js';
import type {
  FamilyRecord,
  GraceClaimInput,
  GraceClaimResult,
  RefreshTokenRecord,
  RotateInput,
  RotateResult,
  TokenStore,
  TokenWithFamily,
} from '../../session/store.js';

/**
 * Options of {@link MemoryStore}.
 *
 * @example
 * ```ts
 * new MemoryStore({ sweepBatch: 16 });
 * ```
 */
export interface MemoryStoreOptions {
  /**
   * Used only when a caller omits `now` (e.g. a direct `store.deleteExpired()`
   * call); the engine always passes its own time. Default `Date.now`.
   * @deprecated Give the engine a `clock` instead; the store follows it.
   */
  clock?: Clock;
  /** Records examined per map by the incremental sweep after each write. Default 8. */
  sweepBatch?: number;
}

/**
 * Record counts of a {@link MemoryStore}, expired-but-unswept records included.
 *
 * @example
 * ```ts
 * const { families, tokens } = store.stats();
 * ```
 */
export interface MemoryStoreStats {
  families: number;
  tokens: number;
  subjects: number;
  versions: number;
  denylist: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Expiring {
  expiresAt: number;
}

interface VersionEntry extends Expiring {
  version: number;
}

/** A token: a family slot when inlined there as its current token, else its own record. */
type TokenEntry = number | Mutable<RefreshTokenRecord>;

/**
 * In-process {@link TokenStore}: the default of `createRotationEngine`, fine
 * for single-process apps and tests.
 *
 * @example
 * ```ts
 * const store = new MemoryStore();
 * await store.deleteExpired(Date.now());
 * ```
 */
export class MemoryStore implements TokenStore {
  readonly #clock: Clock;
  readonly #sweepBatch: number;
  // Families live in compact slots, each with its current token inlined;
  // rotated tokens (and odd ones) get their own record.
  readonly #table = new FamilyTable();
  readonly #families = new Map<string, number>();
  readonly #tokens = new Map<string, TokenEntry>();
  // A subject with one family (the common case) maps straight to its id; a
  // Set is only paid for from the second family on.
  readonly #subjects = new Map<string, string | Set<string>>();
  readonly #versions = new Map<string, VersionEntry>();
  readonly #denylist = new Map<string, Expiring>();
  // Live Map iterators: they survive inserts and deletes, so the sweep
  // resumes where it stopped and visits every record between restarts.
  readonly #cursors = new Map<Map<string, unknown>, Iterator<string>>();

  constructor(options: MemoryStoreOptions = {}) {
    const batch = options.sweepBatch ?? 8;
    if (!Number.isSafeInteger(batch) || batch < 1) {
      throw new TypeError('tokenwarden: MemoryStore sweepBatch must be a whole number >= 1');
    }
    this.#clock = options.clock ?? systemClock;
    this.#sweepBatch = batch;
  }

  async createFamily(family: FamilyRecord, token: RefreshTokenRecord): Promise<void> {
    this.#sweep(family.createdAt);
    const previous = this.#families.get(family.id);
    if (previous !== undefined) {
      this.#families.delete(family.id);
      this.#unindex(this.#table.subject(previous), family.id);
      this.#release(previous);
    }
    const slot = this.#table.add(family);
    // Keys are the table's flat copies, so the caller's strings are not kept.
    const id = this.#table.id(slot);
    this.#families.set(id, slot);
    this.#putToken(token, slot);
    this.#index(this.#table.subject(slot), id);
  }

  async findToken(tokenId: string, now = this.#clock()): Promise<TokenWithFamily | null> {
    const token = this.#liveToken(tokenId, now);
    const family =
      token === undefined ? undefined : this.#liveFamily(this.#sessionIdOf(token), now);
    if (token === undefined || family === undefined) return null;
    return { token: this.#tokenRecord(token), family: this.#table.family(family) };
  }

  async rotate(input: RotateInput): Promise<RotateResult> {
    const now = input.rotatedAt;
    this.#sweep(now);
    const table = this.#table;
    const family = this.#liveFamily(input.sessionId, now);
    const entry = this.#liveToken(input.parentId, now);
    if (family === undefined || entry === undefined) return { ok: false, reason: 'not_found' };
    if (this.#sessionIdOf(entry) !== table.id(family)) return { ok: false, reason: 'not_found' };
    if (table.isRevoked(family))
      return { ok: false, reason: 'family_revoked', family: table.family(family) };
    const parent = typeof entry === 'number' ? table.token(entry) : entry;
    if (parent.status === 'rotated' || table.currentTokenId(family) !== input.parentId) {
      return {
        ok: false,
        reason: 'already_rotated',
        successorId: parent.successorId ?? table.currentTokenId(family),
        rotatedAt: parent.rotatedAt ?? table.lastUsedAt(family),
        family: table.family(family),
      };
    }
    const { successor } = input;
    table.advance(family, successor.id, successor.generation, input.rotatedAt, input.idleExpiresAt);
    // The parent's record lives as long as its family: flat strings only, the
    // successor id shared with the table (a base64url string fresh from jose
    // is a cons string pinning its parts).
    this.#tokens.set(input.parentId, {
      ...parent,
      secretHash: flatString(parent.secretHash),
      status: 'rotated',
      rotatedAt: input.rotatedAt,
      successorId: table.currentTokenId(family),
    });
    this.#putToken(successor, family);
    return { ok: true, family: table.family(family) };
  }

  async claimGraceReplay(input: GraceClaimInput, now = this.#clock()): Promise<GraceClaimResult> {
    const token = this.#liveToken(input.tokenId, now);
    const family =
      token === undefined ? undefined : this.#liveFamily(this.#sessionIdOf(token), now);
    if (token === undefined || family === undefined) return { ok: false, reason: 'not_found' };
    if (this.#table.isRevoked(family)) return { ok: false, reason: 'family_revoked' };
    // An inlined token is its family's current one, never rotated: not a grace replay.
    const isImmediateParent =
      typeof token !== 'number' &&
      token.status === 'rotated' &&
      token.successorId === input.successorId &&
      this.#table.currentTokenId(family) === input.successorId;
    if (!isImmediateParent) return { ok: false, reason: 'superseded' };
    if (token.graceReplays >= input.maxReplays) return { ok: false, reason: 'cap_exceeded' };
    token.graceReplays += 1;
    return { ok: true, replays: token.graceReplays, family: this.#table.family(family) };
  }

  async getFamily(sessionId: string, now = this.#clock()): Promise<FamilyRecord | null> {
    const family = this.#liveFamily(sessionId, now);
    return family === undefined ? null : this.#table.family(family);
  }

  async listFamilies(subject: string, now = this.#clock()): Promise<FamilyRecord[]> {
    const result: FamilyRecord[] = [];
    for (const id of this.#familyIds(subject)) {
      const family = this.#liveFamily(id, now);
      if (family !== undefined) result.push(this.#table.family(family));
    }
    return result;
  }

  async revokeFamily(sessionId: string, at: number): Promise<boolean> {
    this.#sweep(at);
    const family = this.#liveFamily(sessionId, at);
    if (family === undefined || this.#table.isRevoked(family)) return false;
    this.#table.revoke(family, at);
    return true;
  }

  async revokeSubject(subject: string, at: number): Promise<number> {
    this.#sweep(at);
    let count = 0;
    for (const id of this.#familyIds(subject)) {
      const family = this.#liveFamily(id, at);
      if (family === undefined || this.#table.isRevoked(family)) continue;
      this.#table.revoke(family, at);
      count += 1;
    }
    return count;
  }

  async getTokenVersion(subject: string, now = this.#clock()): Promise<number> {
    return this.#live(this.#versions, subject, now)?.version ?? 0;
  }

  async bumpTokenVersion(subject: string, expiresAt: number, now = this.#clock()): Promise<number> {
    this.#sweep(now);
    const version = (this.#live(this.#versions, subject, now)?.version ?? 0) + 1;
    this.#versions.set(subject, { version, expiresAt });
    return version;
  }

  async denyJti(jti: string, expiresAt: number, now = this.#clock()): Promise<void> {
    this.#sweep(now);
    const current = this.#live(this.#denylist, jti, now);
    this.#denylist.set(jti, { expiresAt: Math.max(expiresAt, current?.expiresAt ?? 0) });
  }

  async isJtiDenied(jti: string, now = this.#clock()): Promise<boolean> {
    return this.#live(this.#denylist, jti, now) !== undefined;
  }

  async deleteExpired(now = this.#clock()): Promise<number> {
    let deleted = 0;
    for (const map of this.#maps()) {
      for (const key of [...map.keys()]) {
        if (this.#deleteIfExpired(map, key, now)) deleted += 1;
      }
    }
    return deleted;
  }

  /** Record counts, for monitoring and for tests that check memory stays bounded. */
  stats(): MemoryStoreStats {
    return {
      families: this.#families.size,
      tokens: this.#tokens.size,
      subjects: this.#subjects.size,
      versions: this.#versions.size,
      denylist: this.#denylist.size,
    };
  }

  // Inlines the token in its family's slot when it is that family's plain
  // current token (the usual case), else keeps a record of its own.
  #putToken(token: RefreshTokenRecord, slot: number): void {
    const replaced = this.#tokens.get(token.id);
    if (this.#table.inlineToken(slot, token)) {
      this.#tokens.set(this.#table.currentTokenId(slot), slot);
    } else {
      this.#tokens.set(token.id, { ...token });
    }
    if (typeof replaced === 'number' && replaced !== slot) this.#release(replaced);
  }

  #sessionIdOf(token: TokenEntry): string {
    return typeof token === 'number' ? this.#table.id(token) : token.sessionId;
  }

  #tokenRecord(token: TokenEntry): RefreshTokenRecord {
    return typeof token === 'number' ? this.#table.token(token) : { ...token };
  }

  #liveFamily(id: string, now: number): number | undefined {
    const slot = this.#families.get(id);
    if (slot === undefined) return undefined;
    return this.#deleteIfExpired(this.#families, id, now) ? undefined : slot;
  }

  #liveToken(id: string, now: number): TokenEntry | undefined {
    const token = this.#tokens.get(id);
    if (token === undefined) return undefined;
    return this.#deleteIfExpired(this.#tokens, id, now) ? undefined : token;
  }

  // Lazy expiry: an expired record reads as absent and is deleted on sight.
  #live<T extends Expiring>(map: Map<string, T>, key: string, now: number): T | undefined {
    const record = map.get(key);
    if (!record) return undefined;
    if (this.#deleteIfExpired(map, key, now)) return undefined;
    return record;
  }

  #deleteIfExpired(map: Map<string, unknown>, key: string, now: number): boolean {
    const entry = map.get(key);
    if (entry === undefined || this.#expiresAt(map, entry) > now) return false;
    map.delete(key);
    if (typeof entry !== 'number') return true;
    if (map === this.#families) this.#unindex(this.#table.subject(entry), key);
    else this.#table.dropToken(entry);
    this.#release(entry);
    return true;
  }

  #expiresAt(map: Map<string, unknown>, entry: unknown): number {
    if (typeof entry !== 'number') return (entry as Expiring).expiresAt;
    return map === this.#families
      ? this.#table.expiresAt(entry)
      : this.#table.tokenExpiresAt(entry);
  }

  // A slot is freed once neither its family nor an inlined token uses it.
  #release(slot: number): void {
    const table = this.#table;
    if (this.#families.get(table.id(slot)) === slot) return;
    if (this.#tokens.get(table.currentTokenId(slot)) === slot) return;
    table.free(slot);
  }

  #maps(): Map<string, unknown>[] {
    return [this.#families, this.#tokens, this.#versions, this.#denylist];
  }

  // Incremental sweep: a few records per map per write keeps memory bounded
  // by live records plus recent garbage, at O(1) cost per call.
  #sweep(now: number): void {
    for (const map of this.#maps()) {
      let cursor = this.#cursors.get(map) ?? map.keys();
      for (let i = 0; i < this.#sweepBatch; i += 1) {
        const next = cursor.next();
        if (next.done) {
          cursor = map.keys();
          break;
        }
        this.#deleteIfExpired(map, next.value, now);
      }
      this.#cursors.set(map, cursor);
    }
  }

  // A copy: callers may delete (lazy expiry) while iterating.
  #familyIds(subject: string): string[] {
    const ids = this.#subjects.get(subject);
    if (ids === undefined) return [];
    return typeof ids === 'string' ? [ids] : [...ids];
  }

  #index(subject: string, sessionId: string): void {
    const ids = this.#subjects.get(subject);
    if (ids === undefined || ids === sessionId) this.#subjects.set(subject, sessionId);
    else if (typeof ids === 'string') this.#subjects.set(subject, new Set([ids, sessionId]));
    else ids.add(sessionId);
  }

  #unindex(subject: string, sessionId: string): void {
    const ids = this.#subjects.get(subject);
    if (ids === undefined) return;
    if (typeof ids === 'string') {
      if (ids === sessionId) this.#subjects.delete(subject);
      return;
    }
    ids.delete(sessionId);
    if (ids.size === 1) this.#subjects.set(subject, ids.values().next().value as string);
  }
}
