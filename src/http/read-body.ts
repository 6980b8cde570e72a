/**
 * Reading a small JSON body from a Node request stream, for glue whose
 * framework has not parsed it already. Bounded, so a large body cannot
 * exhaust memory before it is refused.
 * @module
 */
import { AuthError } from '../core/errors.js';

/**
 * The largest login body accepted (credentials are small).
 * @internal
 */
export const MAX_BODY_BYTES = 16_384;

// RFC 8259 §11: the media type is application/json, optionally with
// parameters. Look-alikes (`application/json-seq`) are refused: the check is
// what keeps a cross-site form (text/plain, urlencoded) from logging a victim in.
const JSON_TYPE_RE = /^application\/json[ \t]*(?:;|$)/i;

/** Whether a Content-Type header names JSON. */
export function isJsonContentType(contentType: string | null | undefined): boolean {
  return JSON_TYPE_RE.test(contentType ?? '');
}

/** The refusal for a body that is not JSON. */
export function notJson(): AuthError {
  return new AuthError('BAD_REQUEST', { message: 'Expected an application/json body.' });
}

/** The refusal for a body over {@link MAX_BODY_BYTES}. */
export function tooLarge(): AuthError {
  return new AuthError('BAD_REQUEST', { message: 'The request body is too large.' });
}

interface ByteStream {
  [Symbol.asyncIterator](): AsyncIterator<unknown>;
}

/**
 * Parses the body as JSON, or returns an `AuthError('BAD_REQUEST')`.
 * Glue internals (src/index.ts), not public API.
 * @internal
 */
export async function readJsonBody(
  stream: ByteStream,
  contentType: string | undefined,
): Promise<unknown> {
  if (!isJsonContentType(contentType)) return notJson();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    size += bytes.byteLength;
    if (size > MAX_BODY_BYTES) return tooLarge();
    text += decoder.decode(bytes, { stream: true });
  }
  return parseJson(text + decoder.decode());
}

/** `JSON.parse`, or an `AuthError('BAD_REQUEST')` for invalid JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return new AuthError('BAD_REQUEST', { message: 'The request body is not valid JSON.' });
  }
}
