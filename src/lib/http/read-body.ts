/**
 * Reading a small JSON body from a Node request stream, for glue whose
 * framework has not parsed it already. Bounded, so a large body cannot
 * exhaust memory before it is refused.
 * @module
 */
import { AuthError } from '../../errors.js';

/** The largest login body accepted (credentials are small). */
export const MAX_BODY_BYTES = 16_384;

interface ByteStream {
  [Symbol.asyncIterator](): AsyncIterator<unknown>;
}

/** True for `application/json` (any parameters); the only body type the login route takes. */
export function isJsonContentType(contentType: string | undefined): boolean {
  return /^application\/json\b/i.test(contentType ?? '');
}

/** Parses the body as JSON, or returns an `AuthError('BAD_REQUEST')`. */
export async function readJsonBody(
  stream: ByteStream,
  contentType: string | undefined,
): Promise<unknown> {
  if (!isJsonContentType(contentType)) {
    return new AuthError('BAD_REQUEST', { message: 'Expected an application/json body.' });
  }
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    size += bytes.byteLength;
    if (size > MAX_BODY_BYTES)
      return new AuthError('BAD_REQUEST', { message: 'The request body is too large.' });
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
