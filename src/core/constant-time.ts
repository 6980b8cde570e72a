/**
 * Constant-time equality, the one place the library compares secrets. A plain
 * loop rather than `timingSafeEqual`: the core runs on Web-Crypto runtimes
 * without `node:crypto`. Each loop always visits every element, so the time
 * taken does not tell an attacker how many leading elements matched (`===`
 * may stop at the first difference). Lengths are not secret here (digests and
 * tokens have fixed lengths), so unequal lengths return early.
 * @module
 */

/** Constant-time equality of two strings (UTF-16 code units). */
export function stringsEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
