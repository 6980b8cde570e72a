/**
 * `MemoryStore`: the embedded default {@link TokenStore}. Every operation is
 * O(1) (Maps plus a per-subject index, listing is O(sessions of the subject)),
 * one compact record per session whatever its number of rotations,
 * expired records read as absent at once and are deleted by an incremental
 * sweep on writes or by `deleteExpired`, so memory stays bounded without a
 * timer keeping the process alive. Expiry is decided at the time the engine
 * passes in (`now`, or the time a write carries), so the store and its engine
 * always share one clock.
 *
 * Safe under concurrent async callers: each method's whole critical section
 * runs synchronously, with no `await` inside, so in one JavaScript thread no
 * other caller can interleave between its read and its write. That makes
 * `rotate` a real compare-and-swap, and `rotateIfCurrent` (the engine's
 * one-call refresh) one atomic step. State is per process: several server
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
import type {
  AuthenticationUpdate,
  GraceClaimInput,
  GraceClaimResult,
  RotateIfCurrentInput,
  RotateIfCurrentResult,
  RotateInput,
  RotateResult,
  SessionRecord,
  TokenStore,
} from '../../session/store.js';
import { SessionTable } from './session-table.js';

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
 * const { sessions, subjects } = store.stats();
 * ```
 */
export interface MemoryStoreStats {
  /** Session records: exactly one per session, whatever its number of rotations. */
  sessions: number;
  /** @deprecated Use `sessions` (same value). Removed in the next major release. */
  families: number;
  /** @deprecated Always 0: no record is kept per refresh token any more. Removed in the next major release. */
  tokens: number;
  subjects: number;
  versions: number;
  denylist: number;
}

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
 * const store = new MemoryStore();
 * await store.deleteExpired(Date.now());
 * ```
 */
export class MemoryStore implements TokenStore {
  readonly #clock: Clock;
  readonly #sweepBatch: number;
  // Sessions live in compact slots of the table, keyed by session id.
  readonly #table = new SessionTable();
  readonly #sessions = new Map<string, number>();
  // A subject with one session (the common case) maps straight to its id; a
  // Set is only paid for from the second session on.
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

  async createSession(session: SessionRecord): Promise<void> {
    this.#sweep(session.createdAt);
    const previous = this.#sessions.get(session.id);
    if (previous !== undefined) this.#delete(session.id, previous);
    const slot = this.#table.add(session);
    // Keys are the table's flat copies, so the caller's strings are not kept.
    const id = this.#table.id(slot);
    this.#sessions.set(id, slot);
    this.#index(this.#table.subject(slot), id);
  }

  async getSession(sessionId: string, now = this.#clock()): Promise<SessionRecord | null> {
    const slot = this.#liveSession(sessionId, now);
    return slot === undefined ? null : this.#table.session(slot);
  }

  async rotate(input: RotateInput): Promise<RotateResult> {
    const now = input.rotatedAt;
    this.#sweep(now);
    const table = this.#table;
    const slot = this.#liveSession(input.sessionId, now);
    if (slot === undefined) return { ok: false, reason: 'not_found' };
    if (table.isRevoked(slot))
      return { ok: false, reason: 'revoked', session: table.session(slot) };
    if (table.generation(slot) !== input.generation) {
      return { ok: false, reason: 'superseded', session: table.session(slot) };
    }
    table.rotate(slot, input);
    return { ok: true, session: table.session(slot) };
  }

  /**
   * The refresh fast path (see `TokenStore.rotateIfCurrent`): one synchronous
   * step, so no other caller interleaves between the checks and the write.
   */
  async rotateIfCurrent(input: RotateIfCurrentInput): Promise<RotateIfCurrentResult> {
    const now = input.rotatedAt;
    const table = this.#table;
    const slot = this.#liveSession(input.sessionId, now);
    if (slot === undefined) return { ok: false, session: null };
    if (!table.isCurrent(slot, input.generation, input.presentedHash, now)) {
      return { ok: false, session: table.session(slot) };
    }
    table.rotate(slot, input, Math.min(input.idleExpiresAt, table.absoluteExpiresAt(slot)));
    // Swept on writes only, as `rotate` does; the slot above is live, never swept.
    this.#sweep(now);
    const tokenVersion = this.#live(this.#versions, table.subject(slot), now)?.version ?? 0;
    return { ok: true, session: table.session(slot), tokenVersion };
  }

  async claimGraceReplay(input: GraceClaimInput, now = this.#clock()): Promise<GraceClaimResult> {
    const table = this.#table;
    const slot = this.#liveSession(input.sessionId, now);
    if (slot === undefined) return { ok: false, reason: 'not_found' };
    if (table.isRevoked(slot)) return { ok: false, reason: 'revoked' };
    if (table.generation(slot) !== input.generation) return { ok: false, reason: 'superseded' };
    if (table.graceReplays(slot) >= input.maxReplays) return { ok: false, reason: 'cap_exceeded' };
    const replays = table.countReplay(slot);
    return { ok: true, replays, session: table.session(slot) };
  }

  async setAuthentication(
    sessionId: string,
    update: AuthenticationUpdate,
    now = this.#clock(),
  ): Promise<SessionRecord | null> {
    const table = this.#table;
    const slot = this.#liveSession(sessionId, now);
    if (slot === undefined || table.isRevoked(slot)) return null;
    if (now >= table.idleExpiresAt(slot) || now >= table.absoluteExpiresAt(slot)) return null;
    table.setAuthentication(slot, update);
    return table.session(slot);
  }

  async listSessions(subject: string, now = this.#clock()): Promise<SessionRecord[]> {
    const result: SessionRecord[] = [];
    for (const id of this.#sessionIds(subject)) {
      const slot = this.#liveSession(id, now);
      if (slot !== undefined) result.push(this.#table.session(slot));
    }
    return result;
  }

  async revokeSession(sessionId: string, at: number): Promise<boolean> {
    this.#sweep(at);
    const slot = this.#liveSession(sessionId, at);
    if (slot === undefined || this.#table.isRevoked(slot)) return false;
    this.#table.revoke(slot, at);
    return true;
  }

  async revokeSubject(subject: string, at: number): Promise<number> {
    this.#sweep(at);
    let count = 0;
    for (const id of this.#sessionIds(subject)) {
      const slot = this.#liveSession(id, at);
      if (slot === undefined || this.#table.isRevoked(slot)) continue;
      this.#table.revoke(slot, at);
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
      sessions: this.#sessions.size,
      families: this.#sessions.size,
      tokens: 0,
      subjects: this.#subjects.size,
      versions: this.#versions.size,
      denylist: this.#denylist.size,
    };
  }

  #liveSession(id: string, now: number): number | undefined {
    const slot = this.#sessions.get(id);
    if (slot === undefined) return undefined;
    return this.#deleteIfExpired(this.#sessions, id, now) ? undefined : slot;
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
    if (entry === undefined) return false;
    if (typeof entry === 'number') {
      if (this.#table.expiresAt(entry) > now) return false;
      this.#delete(key, entry);
      return true;
    }
    if ((entry as Expiring).expiresAt > now) return false;
    map.delete(key);
    return true;
  }

  #delete(sessionId: string, slot: number): void {
    this.#sessions.delete(sessionId);
    this.#unindex(this.#table.subject(slot), sessionId);
    this.#table.free(slot);
  }

  #maps(): Map<string, unknown>[] {
    return [this.#sessions, this.#versions, this.#denylist];
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
  #sessionIds(subject: string): string[] {
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
