/**
 * One JWKS download: `fetch` with a deadline (AbortSignal), no redirects
 * followed, a 200 answer only, a size cap, and JSON of the RFC 7517 §5 shape.
 * Every failure is an `Error` for the caller to keep as a cause; none carries
 * the response body.
 * @module
 */

/** The `fetch` a remote key set calls: the global one, or the caller's. */
export type FetchLike = (
  input: string,
  init: { headers: Record<string, string>; signal: AbortSignal; redirect: 'manual' },
) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

/** A downloaded JWKS: its raw keys and the response's `Cache-Control`. */
export interface FetchedJwks {
  readonly keys: readonly unknown[];
  readonly cacheControl: string | null;
}

/** A JWKS of a few dozen RSA keys is ~20 KB; far more is a wrong or hostile endpoint. */
const MAX_JWKS_CHARS = 512 * 1024;

/** Downloads and parses the JWKS at `url` within `timeoutMs`. */
export async function fetchJwks(
  fetchFn: FetchLike,
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<FetchedJwks> {
  const signal = AbortSignal.timeout(timeoutMs);
  const response = await fetchFn(url, {
    headers: { accept: 'application/jwk-set+json, application/json', ...headers },
    signal,
    redirect: 'manual',
  });
  if (response.status !== 200) {
    throw new Error(`the JWKS endpoint answered HTTP ${response.status}`);
  }
  // The deadline covers the body too: text() rejects once the signal aborts.
  const text = await response.text();
  if (text.length > MAX_JWKS_CHARS) throw new Error('the JWKS is too large');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error('the JWKS is not JSON');
  }
  const keys = (body as { keys?: unknown } | null)?.keys;
  if (typeof body !== 'object' || body === null || !Array.isArray(keys)) {
    throw new Error('the JWKS has no "keys" array (RFC 7517 §5)');
  }
  return { keys, cacheControl: response.headers.get('cache-control') };
}
