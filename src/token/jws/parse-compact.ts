/**
 * A strict compact-JWS parser (RFC 7515 §7.1), run before any crypto. It is
 * stricter than jose on purpose: only canonical, unpadded base64url
 * (RFC 7515 §2, RFC 4648 §5) and JSON objects get through, so one token has
 * exactly one encoding and no parser differential can be played against us.
 *
 * It comes in steps so the verifier can skip decoding a header it has
 * already seen on a verified token: {@link splitCompactJws}, then
 * {@link decodeJsonSegment} for the header and payload, then
 * {@link checkSignatureSegment}.
 * @module
 */
import { AuthError } from '../../core/errors.js';
import { isBase64urlAlphabet, isCanonicalBase64url } from '../../core/base64url.js';
import type { SegmentCodec } from './segment-codec.js';

/** A compact JWS split into its three segments, none decoded yet. */
export interface JwsSegments {
  readonly header: string;
  readonly payload: string;
  /** Checked canonical base64url by {@link checkSignatureSegment}; decoded by the backend. */
  readonly signature: string;
  /**
   * `header.payload`, what the signature covers (RFC 7515 §5.2). Only
   * base64url characters get past the parser, so its UTF-8 bytes are its ASCII bytes.
   */
  readonly signingText: string;
}

function malformed(message: string, cause?: unknown): AuthError {
  return new AuthError('TOKEN_INVALID', {
    message: `The access token is malformed: ${message}.`,
    cause,
  });
}

/**
 * Splits `token` or throws `AuthError('TOKEN_INVALID')`. `maxBytes` is checked
 * before anything else touches the string.
 */
export function splitCompactJws(token: string, maxBytes: number): JwsSegments {
  // UTF-8 never takes fewer bytes than UTF-16 code units, so `length` is a
  // lower bound of the byte size; past the charset checks, it is exact.
  if (token.length > maxBytes) throw malformed('too large');
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (first < 0 || second < 0 || token.indexOf('.', second + 1) >= 0) {
    throw malformed('expected three segments');
  }
  return {
    header: token.slice(0, first),
    payload: token.slice(first + 1, second),
    signature: token.slice(second + 1),
    signingText: token.slice(0, second),
  };
}

/** Decodes the header or payload `segment` to a JSON object, or throws `TOKEN_INVALID`. */
export function decodeJsonSegment(
  segment: string,
  name: 'header' | 'payload',
  codec: SegmentCodec,
): Record<string, unknown> {
  const bytes = segment.length === 0 ? undefined : codec.bytes(segment);
  if (bytes === undefined) throw notCanonical(segment, name);
  let value: unknown;
  try {
    value = JSON.parse(codec.utf8(bytes));
  } catch (cause) {
    throw malformed(`${name} is not UTF-8 JSON`, cause);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw malformed(`${name} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Throws `TOKEN_INVALID` unless the signature segment is canonical base64url. */
export function checkSignatureSegment(segment: string): void {
  if (segment.length === 0 || !isCanonicalBase64url(segment)) {
    throw notCanonical(segment, 'signature');
  }
}

// Refuses characters outside the alphabet, a 4n+1 length, non-zero trailing
// bits and any other alternative spelling; the alphabet check only picks the message.
function notCanonical(segment: string, name: string): AuthError {
  if (segment.length === 0 || !isBase64urlAlphabet(segment)) {
    return malformed(`${name} is not base64url`);
  }
  return malformed(`${name} is not canonical base64url`);
}
