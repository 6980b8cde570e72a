/**
 * Refresh tokens are opaque `id.secret` strings (DESIGN decision 3): a 128-bit
 * random id the store is looked up by, and a 256-bit random secret of which
 * only the SHA-256 digest is stored. Both parts are unpadded base64url.
 * @module
 */
import { base64url } from 'jose';

export const ID_BYTES = 16;
export const SECRET_BYTES = 32;

// Unpadded base64url lengths of 16 and 32 bytes (RFC 4648 §5).
const TOKEN_RE = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/** A refresh token split into its parts; `secret` is the decoded bytes. */
export interface ParsedRefreshToken {
  readonly token: string;
  readonly id: string;
  readonly secret: Uint8Array;
}

/** A new random refresh token. */
export function generateRefreshToken(): ParsedRefreshToken {
  const id = crypto.getRandomValues(new Uint8Array(ID_BYTES));
  const secret = crypto.getRandomValues(new Uint8Array(SECRET_BYTES));
  return fromBytes(id, secret);
}

/** Builds a token from raw id and secret bytes (used for derived successors). */
export function fromBytes(id: Uint8Array, secret: Uint8Array): ParsedRefreshToken {
  const idText = base64url.encode(id);
  return { token: `${idText}.${base64url.encode(secret)}`, id: idText, secret };
}

/**
 * Parses a presented token strictly, or returns `null`: exact lengths, the
 * base64url alphabet, and canonical encoding (unused trailing bits zero), so
 * one token has exactly one spelling and junk never reaches the store.
 */
export function parseRefreshToken(value: unknown): ParsedRefreshToken | null {
  if (typeof value !== 'string' || value.length !== 66) return null;
  const match = TOKEN_RE.exec(value);
  if (!match) return null;
  const id = match[1]!;
  const secretText = match[2]!;
  const idBytes = decodeCanonical(id, ID_BYTES);
  const secret = decodeCanonical(secretText, SECRET_BYTES);
  if (!idBytes || !secret) return null;
  return { token: value, id, secret };
}

function decodeCanonical(text: string, length: number): Uint8Array | null {
  let bytes: Uint8Array;
  try {
    bytes = base64url.decode(text);
  } catch {
    return null;
  }
  if (bytes.length !== length || base64url.encode(bytes) !== text) return null;
  return bytes;
}
