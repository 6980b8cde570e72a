/**
 * The subject tag every session id starts with: it co-locates one subject's
 * sessions in a sharded store (a Redis Cluster hash tag), so logout-everywhere
 * and reuse with `onReuse: 'subject'` stay one atomic call in one shard.
 * @module
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const encoder = /* @__PURE__ */ new TextEncoder();

/**
 * FNV-1a (32 bits) over the subject's UTF-8 bytes, as 8 lowercase hex
 * characters. Synchronous and without crypto, so it is identical on every
 * runtime and for every store. Collisions are harmless (two subjects merely
 * share a shard), and it reveals nothing new: the access token carries `sub`.
 *
 * @example
 * ```ts
 * import { subjectTag } from 'tokenwarden';
 * subjectTag('a'); // 'e40c292c' (the FNV-1a test vector): the first 8 characters of a's session ids
 * const key = `tw:{${subjectTag(subject)}}:sessions`; // one Redis Cluster slot per subject
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
