/**
 * Deterministic successors (DESIGN decision 6): the secret of the token that
 * replaces T is HMAC-SHA-256(rotationKey, T), T being the whole token string
 * (so it binds the session id and the generation); the successor keeps the
 * session id and has generation + 1. Any instance holding the same key
 * re-derives it, so a request replayed inside the grace window gets the
 * *same* successor back, and an older token can be proven genuine by
 * re-deriving its chain up to the current generation, without the store ever
 * holding a usable token.
 * @module
 */
import { createHmacSha256 } from './refresh-crypto.js';
import { formatToken, type ParsedRefreshToken } from './token-format.js';

/** Re-derives the successor of a presented token. */
export type SuccessorDeriver = (parent: ParsedRefreshToken) => Promise<ParsedRefreshToken>;

/** A deriver bound to `key` (>= 32 bytes, checked by the caller). */
export function createSuccessorDeriver(key: Uint8Array): SuccessorDeriver {
  const hmac = createHmacSha256(key);
  return async (parent) => {
    // The token's text: node:crypto hashes it without a TextEncoder copy.
    const secret = await hmac(parent.token);
    return formatToken(parent.sessionId, parent.generation + 1, secret);
  };
}
