/**
 * The injectable clock: milliseconds since the epoch, like `Date.now`. Every
 * time-dependent check takes one, so tests advance time instead of sleeping.
 */
export type Clock = () => number;

/** The real clock. */
export const systemClock: Clock = () => Date.now();

/** Whole seconds since the epoch, as JWT NumericDate claims use (RFC 7519 §2). */
export function epochSeconds(clock: Clock): number {
  return Math.floor(clock() / 1000);
}
