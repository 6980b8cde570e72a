/**
 * A strict compact-JWS parser (RFC 7515 §7.1), run before any crypto. It is
 * stricter than jose on purpose: only canonical, unpadded base64url
 * (RFC 7515 §2, RFC 4648 §5) and JSON objects get through, so one token has
 * exactly one encoding and no parser differential can be played against us.
 * @module
 */
import { AuthError } from '../../errors.js';
import { decodeCanonicalBase64url } from './base64url.js';

/** A compact JWS split and decoded, not yet verified. */
export interface ParsedCompactJws {
  readonly header: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
  /**
   * `header.payload`, what the signature covers (RFC 7515 §5.2). Only
   * base64url characters get past the parser, so its UTF-8 bytes are its ASCII bytes.
   */
  readonly signingText: string;
  readonly signature: Uint8Array;
}

const SEGMENT_RE = /^[A-Za-z0-9_-]+$/;
// Pure: lets an importer that never verifies tokens drop it (dist is one file).
const utf8 = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true });

function malformed(message: string, cause?: unknown): AuthError {
  return new AuthError('TOKEN_INVALID', {
    message: `The access token is malformed: ${message}.`,
    cause,
  });
}

/**
 * Parses `token` or throws `AuthError('TOKEN_INVALID')`. `maxBytes` is checked
 * before anything else touches the string.
 */
export function parseCompactJws(token: string, maxBytes: number): ParsedCompactJws {
  // UTF-8 never takes fewer bytes than UTF-16 code units, so `length` is a
  // lower bound of the byte size; past the charset check below, it is exact.
  if (token.length > maxBytes) throw malformed('too large');
  const segments = token.split('.');
  if (segments.length !== 3) throw malformed('expected three segments');
  const [h, p, s] = segments as [string, string, string];
  const header = decodeJsonObject(h, 'header');
  const payload = decodeJsonObject(p, 'payload');
  const signature = decodeSegment(s, 'signature');
  return { header, payload, signingText: `${h}.${p}`, signature };
}

function decodeSegment(segment: string, name: string): Uint8Array {
  // Refuses characters outside the alphabet, a 4n+1 length, non-zero trailing
  // bits and any other alternative spelling; the regex only picks the message.
  const bytes = segment.length === 0 ? undefined : decodeCanonicalBase64url(segment);
  if (bytes !== undefined) return bytes;
  if (!SEGMENT_RE.test(segment)) throw malformed(`${name} is not base64url`);
  throw malformed(`${name} is not canonical base64url`);
}

function decodeJsonObject(segment: string, name: string): Record<string, unknown> {
  const bytes = decodeSegment(segment, name);
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(bytes));
  } catch (cause) {
    throw malformed(`${name} is not UTF-8 JSON`, cause);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed(`${name} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}
