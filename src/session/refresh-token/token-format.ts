/**
 * Refresh tokens are opaque `<sessionId>.<generation>.<secret>` strings
 * (DESIGN decision 3):
 * - `sessionId`: the subject's tag (8 lowercase hex characters, see
 *   `subjectTag`) then 16 random bytes in unpadded base64url (22 characters);
 * - `generation`: decimal, no leading zeros, 0 at login, at most 2^31;
 * - `secret`: 32 bytes in unpadded base64url (43 characters); the store keeps
 *   only the SHA-256 digest of the current generation's secret.
 * Parsing is strict (exact lengths, canonical base64url), so one token has
 * exactly one spelling and junk never reaches the store.
 * @module
 */
import { LAST_OF_THREE_RE, LAST_OF_TWO_RE } from '../../core/base64url.js';
import { decodeBase64url, encodeBase64url } from '../../core/base64url-codec.js';
import { subjectTag } from '../subject-tag.js';

export const SESSION_RANDOM_BYTES = 16;
export const SECRET_BYTES = 32;
/** The highest generation a token may carry. */
export const MAX_GENERATION = 2 ** 31;

// 8 hex + 22 base64url; a decimal without leading zeros (at most 10 digits,
// the bound is checked after); 43 base64url (RFC 4648 §5 lengths of 16 and
// 32 bytes). Both base64url parts are checked canonical here, in the one
// pass: their last character leaves the unused bits clear.
// Built by a pure call, so a bundle that never parses refresh tokens drops it.
const TOKEN_RE = /* @__PURE__ */ tokenPattern();

function tokenPattern(): RegExp {
  const lastOf = (end: RegExp) => end.source.slice(0, -1);
  return new RegExp(
    `^([0-9a-f]{8}[A-Za-z0-9_-]{21}${lastOf(LAST_OF_TWO_RE)})\\.(0|[1-9][0-9]{0,9})\\.([A-Za-z0-9_-]{42}${lastOf(LAST_OF_THREE_RE)})$`,
  );
}

/** A refresh token split into its parts; `secret` is the decoded bytes. */
export interface ParsedRefreshToken {
  readonly token: string;
  readonly sessionId: string;
  readonly generation: number;
  readonly secret: Uint8Array;
}

/** A new session id for `subject`: its tag, then 128 random bits. */
export function generateSessionId(subject: string): string {
  const random = crypto.getRandomValues(new Uint8Array(SESSION_RANDOM_BYTES));
  return `${subjectTag(subject)}${encodeBase64url(random)}`;
}

/** Generation 0 of a session: a random secret that nothing can re-derive. */
export function firstToken(sessionId: string): ParsedRefreshToken {
  return formatToken(sessionId, 0, crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
}

/** Builds a token from its parts. */
export function formatToken(
  sessionId: string,
  generation: number,
  secret: Uint8Array,
): ParsedRefreshToken {
  const token = `${sessionId}.${generation}.${encodeBase64url(secret)}`;
  return { token, sessionId, generation, secret };
}

/**
 * Parses a presented token strictly, or returns `null`: the exact shape, the
 * generation bound, and canonical base64url (unused trailing bits zero).
 */
export function parseRefreshToken(value: unknown): ParsedRefreshToken | null {
  if (typeof value !== 'string' || value.length > 85) return null;
  const match = TOKEN_RE.exec(value);
  if (!match) return null;
  const generation = Number(match[2]);
  if (generation > MAX_GENERATION) return null;
  // Canonical by the pattern: 43 characters decode to exactly 32 bytes, and
  // 22 (the random part, never decoded) to 16.
  return { token: value, sessionId: match[1]!, generation, secret: decodeBase64url(match[3]!) };
}
