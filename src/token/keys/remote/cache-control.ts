/**
 * How long a fetched JWKS stays fresh: the response's `Cache-Control`
 * `max-age` (RFC 9111 §5.2.2.1), `no-store`/`no-cache` counting as 0, held
 * between the configured bounds; the configured default when the header says
 * nothing.
 * @module
 */

/** Freshness bounds, in seconds. */
export interface FreshnessBounds {
  /** When the response gives no `max-age`. */
  readonly fallback: number;
  readonly min: number;
  readonly max: number;
}

/** Seconds the response stays fresh, from its `Cache-Control` header. */
export function freshSeconds(cacheControl: string | null, bounds: FreshnessBounds): number {
  const seconds = maxAge(cacheControl) ?? bounds.fallback;
  return Math.min(bounds.max, Math.max(bounds.min, seconds));
}

function maxAge(header: string | null): number | undefined {
  if (header === null) return undefined;
  let found: number | undefined;
  for (const part of header.split(',')) {
    const [name = '', value] = part.trim().toLowerCase().split('=', 2);
    if (name === 'no-store' || name === 'no-cache') return 0;
    // RFC 9111 §1.2.2: delta-seconds are digits only; anything else is ignored.
    if (name === 'max-age' && value !== undefined && /^"?\d+"?$/.test(value)) {
      found = Number(value.replaceAll('"', ''));
    }
  }
  return found;
}
