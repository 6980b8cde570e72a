/**
 * Compares two strings without stopping at the first differing character, so
 * response timing does not tell an attacker how much of a guessed CSRF token
 * was right. The length is not secret (every token has the same length), so
 * unequal lengths return early. A plain loop rather than `timingSafeEqual`:
 * the core runs on Web-Crypto runtimes without `node:crypto`, and both strings
 * are already in memory (no digest needed to equalise lengths).
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
