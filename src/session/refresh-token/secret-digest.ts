/**
 * SHA-256 digests of refresh-token secrets: what the store keeps instead of
 * the secret, so a leaked database does not leak usable tokens.
 * @module
 */
import { base64url } from 'jose';
import { decodeCanonicalBase64url } from '../../core/base64url.js';
import { bytesEqual } from '../../core/constant-time.js';
import { sha256 } from './refresh-crypto.js';

/** base64url(SHA-256(secret)). */
export async function digestSecret(secret: Uint8Array): Promise<string> {
  return base64url.encode(await sha256(secret));
}

/**
 * Compares the presented secret's digest with the stored one in constant
 * time. Comparing digests rather than secrets also hides the secret's length
 * and content from any remaining timing signal.
 */
export async function secretMatches(secret: Uint8Array, storedDigest: string): Promise<boolean> {
  const presented = await sha256(secret);
  const stored = decodeCanonicalBase64url(storedDigest);
  return stored !== undefined && bytesEqual(presented, stored);
}
