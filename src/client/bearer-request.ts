/**
 * Builds the requests `authFetch` sends: the caller's request plus an
 * `Authorization: Bearer` header (RFC 6750 §2.1), each attempt from a fresh
 * copy so a retry can resend the body.
 * @module
 */
import { originOf } from './options.js';

/** `fetch` arguments for one attempt carrying `token`. */
export function withBearer(
  input: RequestInfo | URL,
  init: RequestInit | undefined,
  token: string,
): [RequestInfo | URL, RequestInit] {
  const request = isRequest(input) ? input : undefined;
  const headers = new Headers(request?.headers);
  // fetch(request, init) lets init.headers replace the request's; merge instead.
  new Headers(init?.headers).forEach((value, name) => {
    headers.set(name, value);
  });
  headers.set('authorization', `Bearer ${token}`);
  // A Request body can be read once: send a clone so the original stays usable for the retry.
  return [request ? request.clone() : input, { ...init, headers }];
}

/** False when the body is a stream that a retry could not send again. */
export function canResend(init: RequestInit | undefined): boolean {
  if (init?.body !== undefined && init.body !== null) {
    return typeof ReadableStream === 'undefined' || !(init.body instanceof ReadableStream);
  }
  return true;
}

/** The origin a request goes to, resolved against the page. */
export function requestOrigin(input: RequestInfo | URL): string | undefined {
  if (isRequest(input)) return originOf(input.url);
  return originOf(input instanceof URL ? input.href : input);
}

function isRequest(input: RequestInfo | URL): input is Request {
  return typeof Request !== 'undefined' && input instanceof Request;
}

/** Value of cookie `name` readable by scripts, for double-submit CSRF. */
export function readCookie(name: string): string | undefined {
  const jar = typeof document === 'undefined' ? '' : document.cookie;
  for (const pair of jar.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) return safeDecode(pair.slice(eq + 1).trim());
  }
  return undefined;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
