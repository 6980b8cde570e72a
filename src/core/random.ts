/**
 * Random identifiers from the platform CSPRNG.
 * @module
 */
import { base64url } from 'jose';

/** `bytes` random bytes as base64url (16 bytes = 128 bits = 22 characters). */
export function randomId(bytes = 16): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(bytes)));
}
