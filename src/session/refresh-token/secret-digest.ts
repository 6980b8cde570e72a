/**
 * SHA-256 digests of refresh-token secrets: what the store keeps instead of
 * the secret, so a leaked database does not leak usable tokens.
 * @module
 */
import { base64url } from 'jose';
import { bytesEqual } from '../../core/constant-time.js';

/** base64url(SHA-256(secret)). */
export async function digestSecret(secret: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', secret as Uint8Array<ArrayBuffer>);
  return base64url.encode(new Uint8Array(digest));
}

/**
 * Compares the presented secret's digest with the stored one in constant
 * time. Comparing digests rather than secrets also hides the secret's length
 * and content from any remaining timing signal.
 */
export async function secretMatches(secret: Uint8Array, storedDigest: string): Promise<boolean> {
  const presented = base64url.decode(await digestSecret(secret));
  let stored: Uint8Array;
  try {
    stored = base64url.decode(storedDigest);
  } catch {
    return false;
  }
  return bytesEqual(presented, stored);
}
