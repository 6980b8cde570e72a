/**
 * The optional in-process cache of subjects' token versions behind
 * `accessRevocation: 'version'`: bounded in entries and in age, so its
 * lifetime is exactly the documented revocation delay (DESIGN decision 12).
 * @module
 */

/** Subjects kept at most; the oldest entry makes room for a new one. */
export const VERSION_CACHE_ENTRIES = 10_000;

interface Entry {
  readonly version: number;
  readonly readAt: number;
}

/** Token versions by subject, each trusted for `ttlMs` after it was read. */
export interface VersionCache {
  /** The version read less than `ttlMs` before `now`, else `undefined`. */
  get(subject: string, now: number): number | undefined;
  /** Records `version` as read at `now`; a younger entry with a higher version is kept. */
  set(subject: string, version: number, now: number): void;
}

/** A cache for `ttlMs` (> 0) holding at most `maxEntries` subjects. */
export function createVersionCache(
  ttlMs: number,
  maxEntries = VERSION_CACHE_ENTRIES,
): VersionCache {
  const entries = new Map<string, Entry>();
  const fresh = (entry: Entry | undefined, now: number): entry is Entry =>
    entry !== undefined && now - entry.readAt < ttlMs && now >= entry.readAt;
  return {
    get(subject, now) {
      const entry = entries.get(subject);
      if (fresh(entry, now)) return entry.version;
      entries.delete(subject);
      return undefined;
    },
    set(subject, version, now) {
      const entry = entries.get(subject);
      // Versions only grow: a read that started before this process's own
      // bump must not put the outdated version back.
      if (fresh(entry, now) && entry.version > version) return;
      entries.delete(subject);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(subject, { version, readAt: now });
    },
  };
}
