/**
 * Deterministic successors (DESIGN decision 6): the token that replaces N is
 * HMAC-SHA-512(rotationKey, N), split into a 16-byte id and a 32-byte secret.
 * Any instance holding the same key re-derives it, so a request replayed
 * inside the grace window gets the *same* successor back without the store
 * ever holding a usable token.
 * @module
 */
import { ID_BYTES, type ParsedRefreshToken, SECRET_BYTES, fromBytes } from './token-format.js';

/** Re-derives the successor of a presented token. */
export type SuccessorDeriver = (parent: ParsedRefreshToken) => Promise<ParsedRefreshToken>;

/** A deriver bound to `key` (>= 32 bytes, checked by the caller). */
export function createSuccessorDeriver(key: Uint8Array): SuccessorDeriver {
  let cryptoKey: Promise<CryptoKey> | undefined;
  return async (parent) => {
    cryptoKey ??= crypto.subtle.importKey(
      'raw',
      key as Uint8Array<ArrayBuffer>,
      { name: 'HMAC', hash: 'SHA-512' },
      false,
      ['sign'],
    );
    const mac = new Uint8Array(
      await crypto.subtle.sign('HMAC', await cryptoKey, new TextEncoder().encode(parent.token)),
    );
    return fromBytes(mac.slice(0, ID_BYTES), mac.slice(ID_BYTES, ID_BYTES + SECRET_BYTES));
  };
}
