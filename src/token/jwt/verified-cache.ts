/**
 * A bounded LRU of tokens that passed full verification, keyed by the whole
 * token string. It stores what a hit needs to answer again (the checked
 * header, the payload's JSON text and `exp`), never a failure. A hit still
 * re-runs the claims validator with the current clock, so `exp`, `nbf`,
 * `iat` and `maxAge` are checked on every call; an entry found past its
 * `exp` is dropped.
 * @module
 */
import type { CheckedHeader } from '../jws/check-header.js';

/** One verified token. */
export interface CachedToken {
  readonly header: CheckedHeader;
  /** The payload as JSON text: each hit parses a fresh claims object, so callers never share one. */
  readonly payloadJson: string;
  /** The token's `exp`, epoch seconds. */
  readonly exp: number;
}

/** An LRU bounded by entry count; `Map` keeps insertion order, the oldest first. */
export class VerifiedTokenCache {
  readonly #entries = new Map<string, CachedToken>();
  readonly #maxEntries: number;

  constructor(maxEntries: number) {
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The entry for `token`, marked most recently used. */
  get(token: string): CachedToken | undefined {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    this.#entries.delete(token);
    this.#entries.set(token, entry);
    return entry;
  }

  /**
   * Inserts `entry`, evicting the least recently used one when full. Entries
   * already past `expiredAt` (epoch seconds) at the cold end are dropped too,
   * so tokens nobody presents again do not sit there until evicted.
   */
  set(token: string, entry: CachedToken, expiredAt: number): void {
    if (this.#entries.has(token)) this.#entries.delete(token);
    this.#dropExpiredTail(expiredAt);
    if (this.#entries.size >= this.#maxEntries) this.#evictOldest();
    this.#entries.set(token, entry);
  }

  delete(token: string): void {
    this.#entries.delete(token);
  }

  #dropExpiredTail(expiredAt: number): void {
    // Bounded work per insert: at most two entries are looked at.
    for (let i = 0; i < 2; i++) {
      const oldest = this.#entries.entries().next();
      if (oldest.done || oldest.value[1].exp > expiredAt) return;
      this.#entries.delete(oldest.value[0]);
    }
  }

  #evictOldest(): void {
    const oldest = this.#entries.keys().next();
    if (!oldest.done) this.#entries.delete(oldest.value);
  }
}
