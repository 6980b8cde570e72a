/**
 * NumericDate claims (RFC 7519 §2) as people read them: an ISO date and
 * "in 12 min" / "3 h ago" against a given now.
 * @module
 */

const UNITS: readonly [limitSeconds: number, seconds: number, unit: string][] = [
  [90, 1, 's'],
  [90 * 60, 60, 'min'],
  [48 * 3600, 3600, 'h'],
  [Number.POSITIVE_INFINITY, 86_400, 'd'],
];

/** `seconds` (a non-negative span) as "45 s", "12 min", "3 h" or "9 d", rounded. */
export function formatSpan(seconds: number): string {
  const abs = Math.abs(seconds);
  const [, size, unit] = UNITS.find(([limit]) => abs < limit)!;
  return `${Math.round(abs / size)} ${unit}`;
}

/** The claims that hold a NumericDate, with the verb that reads them. */
const TIME_CLAIMS = {
  exp: (delta: number, span: string) => (delta > 0 ? `expires in ${span}` : `expired ${span} ago`),
  iat: (delta: number, span: string) =>
    delta > 0 ? `issued in ${span} (in the future)` : `issued ${span} ago`,
  nbf: (delta: number, span: string) =>
    delta > 0 ? `not valid for another ${span}` : `valid since ${span} ago`,
} as const;

/** A NumericDate claim read against now. */
export interface TimeReading {
  /** The claim's value, epoch seconds. */
  epoch: number;
  /** The same instant in ISO 8601, UTC. */
  iso: string;
  /** "expires in 12 min", "expired 3 h ago", "issued 5 min ago", … */
  relative: string;
}

/** Reads `exp`, `iat` and `nbf` of `claims` against `now` (epoch seconds); other types are skipped. */
export function readTimes(
  claims: Record<string, unknown>,
  now: number,
): Record<string, TimeReading> {
  const times: Record<string, TimeReading> = {};
  for (const [name, phrase] of Object.entries(TIME_CLAIMS)) {
    const value = claims[name];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    const date = new Date(value * 1000);
    times[name] = {
      epoch: value,
      iso: Number.isNaN(date.getTime()) ? 'out of range' : date.toISOString(),
      relative: phrase(value - now, formatSpan(value - now)),
    };
  }
  return times;
}
