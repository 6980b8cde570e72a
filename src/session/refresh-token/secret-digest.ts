/**
 * SHA-256 digests of refresh-token secrets: what the store keeps instead of
 * the secret, so a leaked database does not leak usable tokens.
 * @module
 */
import { stringsEqual } from '../../core/constant-time.js';
import { sha256Base64url } from './refresh-crypto.js';

/** base64url(SHA-256(secret)). */
export function digestSecret(secret: Uint8Array): Promise<string> {
  return sha256Base64url(secret);
}

/**
 * Compares the presented secret's digest with the stored one in constant
 * time, as base64url text: the form the stores keep and compare, so a stored
 * value that is not a canonical digest never matches. Comparing digests
 * rather than secrets also hides the secret's length and content from any
 * remaining timing signal.
 */
export async function secretMatches(secret: Uint8Array, storedDigest: string): Promise<boolean> {
  return stringsEqual(await digestSecret(secret), storedDigest);
}
