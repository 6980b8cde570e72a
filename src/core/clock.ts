/**
 * The injectable clock: milliseconds since the epoch, like `Date.now`. Every
 * time-dependent check takes one, so tests advance time instead of sleeping.
 *
 * @example
 * ```ts
 * let now = Date.parse('2025-01-01T00:00:00Z');
 * const clock: Clock = () => now;
 * const verifier = createVerifier({ keys, issuer, audience, clock });
 * now += 16 * 60_000; // the token is now expired, no sleeping
 * ```
 */
export type Clock = () => number;

/** The real clock. */
export const systemClock: Clock = () => Date.now();

/** Whole seconds since the epoch, as JWT NumericDate claims use (RFC 7519 §2). */
export function epochSeconds(clock: Clock): number {
  return Math.floor(clock() / 1000);
}
