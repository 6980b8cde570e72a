/**
 * Request headers as the runtimes hand them to us: a Web `Headers` (fetch,
 * Hono, Bun, Deno, workers) or a plain record (Node's `IncomingHttpHeaders`,
 * Express, Fastify), where repeated headers may arrive as arrays.
 *
 * @example
 * ```ts
 * const fromWeb: HeaderSource = request.headers;      // a Fetch API Headers
 * const fromNode: HeaderSource = req.headers;         // Node: { 'set-cookie': [...], … }
 * ```
 */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

/**
 * The value of header `name` (case-insensitive, RFC 9110 §5.1), or undefined.
 * A repeated header gives its first value; Web `Headers` has already joined
 * repeats, so it gives the joined value.
 */
export function getHeader(source: HeaderSource, name: string): string | undefined {
  if (isWebHeaders(source)) return source.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  // Node lowercases header names, so the direct lookup is the common case.
  if (Object.hasOwn(source, wanted)) return firstValue(source[wanted]);
  for (const key of Object.keys(source)) {
    if (key.toLowerCase() === wanted) return firstValue(source[key]);
  }
  return undefined;
}

// Duck-typed rather than `instanceof Headers`: undici, polyfills and other
// realms each have their own Headers class.
function isWebHeaders(source: HeaderSource): source is Headers {
  return typeof (source as Headers).get === 'function';
}

function firstValue(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value[0];
  return typeof value === 'string' ? value : undefined;
}
