/**
 * Decoding a compact JWS without trusting it (RFC 7515 §7.1): the header and
 * the payload as JSON objects, nothing verified. The spelling rules are the
 * verifier's: canonical unpadded base64url (RFC 7515 §2), JSON objects only.
 * @module
 */
import { decodeCanonicalBase64url, isCanonicalBase64url } from '../core/base64url.js';
import { MalformedTokenError } from './exit-codes.js';

/** Longest input read, from an argument or stdin: far above any access token, far below memory trouble. */
export const MAX_INPUT_BYTES = 64 * 1024;

/** A token split and decoded, not verified. */
export interface DecodedToken {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** Length of the signature segment in characters (0 for an unsigned token). */
  signatureLength: number;
  /** Length of the whole token in characters. */
  length: number;
}

function decodeJsonObject(segment: string, part: string): Record<string, unknown> {
  if (segment === '') throw new MalformedTokenError(`the ${part} is empty`);
  const bytes = decodeCanonicalBase64url(segment);
  if (bytes === undefined) throw new MalformedTokenError(`the ${part} is not canonical base64url`);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new MalformedTokenError(`the ${part} is not UTF-8 JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MalformedTokenError(`the ${part} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** Decodes `input` (surrounding whitespace ignored) or throws a {@link MalformedTokenError}. */
export function decodeToken(input: string): DecodedToken {
  const token = input.trim();
  if (token.length > MAX_INPUT_BYTES) {
    throw new MalformedTokenError(`the token is longer than ${MAX_INPUT_BYTES} characters`);
  }
  if (token === '') throw new MalformedTokenError('no token given');
  const segments = token.split('.');
  // RFC 7516 §9: five segments make a JWE, which only its key can open.
  if (segments.length === 5) {
    throw new MalformedTokenError('an encrypted token (JWE): nothing can be read without its key');
  }
  if (segments.length !== 3) {
    throw new MalformedTokenError(
      `a JWS has 3 segments separated by ".", this has ${segments.length}`,
    );
  }
  const [header, payload, signature] = segments as [string, string, string];
  if (!isCanonicalBase64url(signature)) {
    throw new MalformedTokenError('the signature is not canonical base64url');
  }
  return {
    header: decodeJsonObject(header, 'header'),
    claims: decodeJsonObject(payload, 'payload'),
    signatureLength: signature.length,
    length: token.length,
  };
}
