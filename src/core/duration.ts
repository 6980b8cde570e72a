/**
 * Durations accepted by every option: a number of seconds, or a string such as
 * `"30s"`, `"15m"`, `"12h"`, `"7d"`, `"2w"` (also plain digits: `"900"`).
 *
 * @example
 * ```ts
 * const ttl: Duration = '15m'; // also 900, '900', '30s', '12h', '7d'
 * ```
 */
export type Duration = number | `${number}` | `${number}${DurationUnit}`;

type DurationUnit = 's' | 'm' | 'h' | 'd' | 'w';

const UNIT_SECONDS: Record<DurationUnit, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

const DURATION_RE = /^(\d+)(s|m|h|d|w)?$/;

/**
 * Seconds in a duration string (`"30s"`, `"15m"`, plain digits), or
 * `undefined` when it is not one. No throwing and no imports, so the browser
 * client bundles this module to read its own durations the server's way.
 */
export function parseDurationString(text: string): number | undefined {
  const match = DURATION_RE.exec(text.trim());
  return match ? Number(match[1]) * UNIT_SECONDS[(match[2] ?? 's') as DurationUnit] : undefined;
}

/**
 * Parses a {@link Duration} to whole seconds. Bad input is a configuration
 * error, so it throws a `TypeError` naming the option.
 *
 * @example
 * ```ts
 * toSeconds('15m'); // 900
 * toSeconds(60);    // 60
 * ```
 */
export function toSeconds(value: Duration | string, option = 'duration'): number {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new TypeError(`tokenwarden: ${option} must be a whole number of seconds >= 0`);
    }
    return value;
  }
  const seconds = typeof value === 'string' ? parseDurationString(value) : undefined;
  if (seconds === undefined) {
    throw new TypeError(
      `tokenwarden: ${option} must be seconds or a duration like "30s", "15m", "12h", "7d" (got ${JSON.stringify(value)})`,
    );
  }
  if (!Number.isSafeInteger(seconds)) {
    throw new TypeError(`tokenwarden: ${option} is too large`);
  }
  return seconds;
}
