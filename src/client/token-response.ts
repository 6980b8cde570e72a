/**
 * Parses the token body of `/auth/login` and `/auth/refresh`
 * (`{accessToken, tokenType: "Bearer", expiresIn}`, DESIGN "HTTP contract").
 * @module
 */
import { ClientAuthError, isRecord } from './client-error.js';

/** An access token and how long it lives, as the server announced it. */
export interface IssuedToken {
  accessToken: string;
  /** Lifetime in seconds (RFC 6749 §5.1 `expires_in`). */
  expiresIn: number;
}

/** Validates a token body; anything outside the contract is `UNEXPECTED_RESPONSE`. */
export function parseTokenBody(body: unknown, status: number): IssuedToken {
  if (!isRecord(body)) throw new ClientAuthError('UNEXPECTED_RESPONSE', status);
  const { accessToken, tokenType, expiresIn } = body;
  const validToken = typeof accessToken === 'string' && accessToken.length > 0;
  const validLifetime =
    typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0;
  // RFC 6749 §5.1: token_type is case-insensitive; this client only speaks Bearer (RFC 6750).
  const validType = tokenType === undefined || String(tokenType).toLowerCase() === 'bearer';
  if (!validToken || !validLifetime || !validType) {
    throw new ClientAuthError('UNEXPECTED_RESPONSE', status);
  }
  return { accessToken, expiresIn };
}
