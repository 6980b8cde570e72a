/**
 * Sidejacking hardening (OWASP JWT cheat sheet, "Token sidejacking"): a random
 * fingerprint travels in a hardened cookie and only its SHA-256 goes in the
 * access token. A token stolen from page memory or a log is useless without
 * the HttpOnly cookie, which script cannot read.
 * @module
 */
import { digestSecret, secretMatches } from '../session/refresh-token/secret-digest.js';
import { randomId } from '../core/random.js';

/** The access-token claim that carries the fingerprint's digest. */
export const FINGERPRINT_CLAIM = 'fgp';

// 256 bits as base64url without padding: 43 characters.
const FINGERPRINT_RE = /^[A-Za-z0-9_-]{43}$/;

/** Whether a cookie value has the shape of a fingerprint this library issued. */
export function isFingerprint(value: string | undefined): value is string {
  return value !== undefined && FINGERPRINT_RE.test(value);
}

/** A fresh fingerprint: 256 random bits, base64url. */
export function newFingerprint(): string {
  return randomId(32);
}

/** The value stored in the token: base64url(SHA-256(fingerprint)). */
export function fingerprintDigest(fingerprint: string): Promise<string> {
  return digestSecret(new TextEncoder().encode(fingerprint));
}

/** Whether the cookie's fingerprint matches the token's digest, in constant time. */
export async function fingerprintMatches(
  fingerprint: string | undefined,
  digest: unknown,
): Promise<boolean> {
  if (!isFingerprint(fingerprint) || typeof digest !== 'string') return false;
  return secretMatches(new TextEncoder().encode(fingerprint), digest);
}
