/**
 * Option checks shared by the factories. Bad configuration is a `TypeError`
 * thrown at construction, never an `AuthError` at request time.
 * @module
 */

/** A non-empty string, or a non-empty list of them, as a Set. */
export function stringSet(value: unknown, option: string): Set<string> {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((item) => typeof item === 'string' && item.length > 0)) {
    throw new TypeError(
      `tokenwarden: ${option} must be a non-empty string or a non-empty array of them`,
    );
  }
  return new Set(list as string[]);
}

/** A list of non-empty strings (possibly empty). */
export function stringList(value: unknown, option: string): string[] {
  if (value === undefined) return [];
  if (
    !Array.isArray(value) ||
    !value.every((item) => typeof item === 'string' && item.length > 0)
  ) {
    throw new TypeError(`tokenwarden: ${option} must be an array of non-empty strings`);
  }
  return value as string[];
}

/** A whole number >= 1. */
export function positiveInteger(value: unknown, option: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`tokenwarden: ${option} must be a whole number >= 1`);
  }
  return value;
}

/** A function, such as an injected clock. */
export function callable<T extends (...args: never[]) => unknown>(
  value: unknown,
  option: string,
): T {
  if (typeof value !== 'function') throw new TypeError(`tokenwarden: ${option} must be a function`);
  return value as T;
}
