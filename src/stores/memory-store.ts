/**
 * `MemoryStore`: the embedded default {@link TokenStore}. Every operation is
 * O(1) (Maps plus a per-subject index, listing is O(families of the subject)),
 * expired records read as absent at once and are deleted by an incremental
 * sweep on writes or by `deleteExpired`, so memory stays bounded without a
 * timer keeping the process alive.
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
import { type Clock, systemClock } from '../lib/clock.js';
import type {
  FamilyRecord,
  GraceClaimInput,
  GraceClaimResult,
  RefreshTokenRecord,
  RotateInput,
  RotateResult,
  TokenStore,
  TokenWithFamily,
} from '../store.js';

/**
 * Options of {@link MemoryStore}.
 *
 * @example
 * ```ts
 * new MemoryStore({ clock: () => fakeNow, sweepBatch: 16 });
 * ```
 */
export interface MemoryStoreOptions {
  /** Clock deciding expiry, in milliseconds. Default `Date.now`. Inject one in tests. */
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

/**
 * In-process {@link TokenStore}: the default of `createRotationEngine`, fine
 * for single-process apps and tests.
 *
 * @example
 * ```ts
 * const store = new MemoryStore({ clock: () => fakeNow });
 * await store.deleteExpired();
 * ```
 */
export class MemoryStore implements TokenStore {
  readonly #clock: Clock;
  readonly #sweepBatch: number;
  readonly #families = new Map<string, Mutable<FamilyRecord>>();
  readonly #tokens = new Map<string, Mutable<RefreshTokenRecord>>();
  // A subject with one family (the common case) maps straight to its id; a
  // Set is only paid for from the second family on.
  readonly #subjects = new Map<string, string | Set<string>>();
  readonly #versions = new Map<string, VersionEntry>();
  readonly #denylist = new Map<string, Expiring>();
  // Live Map iterators: they survive inserts and deletes, so the sweep
  // resumes where it stopped and visits every record between restarts.
  readonly #cursors = new Map<Map<string, Expiring>, Iterator<string>>();

  constructor(options: MemoryStoreOptions = {}) {
    const batch = options.sweepBatch ?? 8;
    if (!Number.isSafeInteger(batch) || batch < 1) {
      throw new TypeError('tokenwarden: MemoryStore sweepBatch must be a whole number >= 1');
    }
    this.#clock = options.clock ?? systemClock;
    this.#sweepBatch = batch;
  }

  async createFamily(family: FamilyRecord, token: RefreshTokenRecord): Promise<void> {
    this.#sweep();
    const device = family.device === null ? null : { ...family.device };
    this.#families.set(family.id, { ...family, device });
    this.#tokens.set(token.id, { ...token });
    this.#index(family.subject, family.id);
  }

  async findToken(tokenId: string): Promise<TokenWithFamily | null> {
    const token = this.#liveToken(tokenId);
    const family = token && this.#liveFamily(token.familyId);
    if (!token || !family) return null;
    return { token: { ...token }, family: copyFamily(family) };
  }

  async rotate(input: RotateInput): Promise<RotateResult> {
    this.#sweep();
    const family = this.#liveFamily(input.familyId);
    const parent = this.#liveToken(input.parentId);
    if (!family || !parent || parent.familyId !== family.id)
      return { ok: false, reason: 'not_found' };
    if (family.status === 'revoked')
      return { ok: false, reason: 'family_revoked', family: copyFamily(family) };
    if (parent.status === 'rotated' || family.currentTokenId !== parent.id) {
      return {
        ok: false,
        reason: 'already_rotated',
        successorId: parent.successorId ?? family.currentTokenId,
        rotatedAt: parent.rotatedAt ?? family.lastUsedAt,
        family: copyFamily(family),
      };
    }
    parent.status = 'rotated';
    parent.rotatedAt = input.rotatedAt;
    parent.successorId = input.successor.id;
    this.#tokens.set(input.successor.id, { ...input.successor });
    family.currentTokenId = input.successor.id;
    family.generation = input.successor.generation;
    family.lastUsedAt = input.rotatedAt;
    family.idleExpiresAt = input.idleExpiresAt;
    return { ok: true, family: copyFamily(family) };
  }

  async claimGraceReplay(input: GraceClaimInput): Promise<GraceClaimResult> {
    const token = this.#liveToken(input.tokenId);
    const family = token && this.#liveFamily(token.familyId);
    if (!token || !family) return { ok: false, reason: 'not_found' };
    if (family.status === 'revoked') return { ok: false, reason: 'family_revoked' };
    const isImmediateParent =
      token.status === 'rotated' &&
      token.successorId === input.successorId &&
      family.currentTokenId === input.successorId;
    if (!isImmediateParent) return { ok: false, reason: 'superseded' };
    if (token.graceReplays >= input.maxReplays) return { ok: false, reason: 'cap_exceeded' };
    token.graceReplays += 1;
    return { ok: true, replays: token.graceReplays, family: copyFamily(family) };
  }

  async getFamily(familyId: string): Promise<FamilyRecord | null> {
    const family = this.#liveFamily(familyId);
    return family ? copyFamily(family) : null;
  }

  async listFamilies(subject: string): Promise<FamilyRecord[]> {
    const result: FamilyRecord[] = [];
    for (const id of this.#familyIds(subject)) {
      const family = this.#liveFamily(id);
      if (family) result.push(copyFamily(family));
    }
    return result;
  }

  async revokeFamily(familyId: string, at: number): Promise<boolean> {
    this.#sweep();
    const family = this.#liveFamily(familyId);
    if (!family || family.status === 'revoked') return false;
    family.status = 'revoked';
    family.revokedAt = at;
    return true;
  }

  async revokeSubject(subject: string, at: number): Promise<number> {
    this.#sweep();
    let count = 0;
    for (const id of this.#familyIds(subject)) {
      const family = this.#liveFamily(id);
      if (!family || family.status === 'revoked') continue;
      family.status = 'revoked';
      family.revokedAt = at;
      count += 1;
    }
    return count;
  }

  async getTokenVersion(subject: string): Promise<number> {
    return this.#live(this.#versions, subject)?.version ?? 0;
  }

  async bumpTokenVersion(subject: string, expiresAt: number): Promise<number> {
    this.#sweep();
    const version = (this.#live(this.#versions, subject)?.version ?? 0) + 1;
    this.#versions.set(subject, { version, expiresAt });
    return version;
  }

  async denyJti(jti: string, expiresAt: number): Promise<void> {
    this.#sweep();
    const current = this.#live(this.#denylist, jti);
    this.#denylist.set(jti, { expiresAt: Math.max(expiresAt, current?.expiresAt ?? 0) });
  }

  async isJtiDenied(jti: string): Promise<boolean> {
    return this.#live(this.#denylist, jti) !== undefined;
  }

  async deleteExpired(): Promise<number> {
    const now = this.#clock();
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

  #liveFamily(id: string): Mutable<FamilyRecord> | undefined {
    return this.#live(this.#families, id);
  }

  #liveToken(id: string): Mutable<RefreshTokenRecord> | undefined {
    return this.#live(this.#tokens, id);
  }

  // Lazy expiry: an expired record reads as absent and is deleted on sight.
  #live<T extends Expiring>(map: Map<string, T>, key: string): T | undefined {
    const record = map.get(key);
    if (!record) return undefined;
    if (this.#deleteIfExpired(map, key, this.#clock())) return undefined;
    return record;
  }

  #deleteIfExpired(map: Map<string, Expiring>, key: string, now: number): boolean {
    const record = map.get(key);
    if (!record || record.expiresAt > now) return false;
    map.delete(key);
    if (map === this.#families) this.#unindex((record as FamilyRecord).subject, key);
    return true;
  }

  #maps(): Map<string, Expiring>[] {
    return [this.#families, this.#tokens, this.#versions, this.#denylist];
  }

  // Incremental sweep: a few records per map per write keeps memory bounded
  // by live records plus recent garbage, at O(1) cost per call.
  #sweep(): void {
    const now = this.#clock();
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

  #index(subject: string, familyId: string): void {
    const ids = this.#subjects.get(subject);
    if (ids === undefined || ids === familyId) this.#subjects.set(subject, familyId);
    else if (typeof ids === 'string') this.#subjects.set(subject, new Set([ids, familyId]));
    else ids.add(familyId);
  }

  #unindex(subject: string, familyId: string): void {
    const ids = this.#subjects.get(subject);
    if (ids === undefined) return;
    if (typeof ids === 'string') {
      if (ids === familyId) this.#subjects.delete(subject);
      return;
    }
    ids.delete(familyId);
    if (ids.size === 1) this.#subjects.set(subject, ids.values().next().value as string);
  }
}

function copyFamily(family: FamilyRecord): FamilyRecord {
  return { ...family, device: family.device === null ? null : { ...family.device } };
}
