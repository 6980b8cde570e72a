import { base64url } from 'jose';

// 256 bits: well above the 128 the OWASP cheat sheet asks for, and the same
// size as our refresh tokens.
const TOKEN_BYTES = 32;

/** A fresh CSRF token: 32 random bytes, base64url (43 characters). */
export function randomCsrfToken(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)));
}
