/**
 * Option checks shared by the factories. Bad configuration is a `TypeError`
 * thrown at construction, never an `AuthError` at request time. One helper
 * per shape keeps the messages uniform and the bundle small.
 * @module
 */
import { type Clock, systemClock } from './clock.js';

/**
 * How a caller renames options in messages, e.g. `{ ttl: 'accessTtl' }` when
 * `createAuth` hands its `accessTtl` to the issuer as `ttl`: the user reads the
 * name they wrote.
 */
export type OptionNames<T> = { readonly [K in keyof T]?: string };

/** The name to print for `key`: the caller's, else the key itself. */
export function optionNamer<T>(names: OptionNames<T> = {}): (key: keyof T & string) => string {
  return (key) => names[key] ?? key;
}

/** `value` when it is an object; a `TypeError` naming `factory` otherwise. */
export function optionsObject<T>(value: T, factory: string): T {
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(`tokenwarden: ${factory} needs an options object`);
  }
  return value;
}

/** True for a string of at least one character. */
export function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** A string of at least one character. */
export function nonEmptyString(value: unknown, option: string): string {
  if (!isNonEmptyString(value)) {
    throw new TypeError(`tokenwarden: ${option} must be a non-empty string`);
  }
  return value;
}

/** A non-empty string, or a non-empty list of them, as a Set. */
export function stringSet(value: unknown, option: string): Set<string> {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every(isNonEmptyString)) {
    throw new TypeError(
      `tokenwarden: ${option} must be a non-empty string or a non-empty array of them`,
    );
  }
  return new Set(list);
}

/** A list of non-empty strings (possibly empty). */
export function stringList(value: unknown, option: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every(isNonEmptyString)) {
    throw new TypeError(`tokenwarden: ${option} must be an array of non-empty strings`);
  }
  return value;
}

/** One of `allowed`. */
export function oneOf<T extends string>(value: T, allowed: readonly T[], option: string): T {
  if (!allowed.includes(value)) {
    throw new TypeError(`tokenwarden: ${option} must be one of ${allowed.join(', ')}`);
  }
  return value;
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

/** An injected clock, or the system clock when none is given; anything but a function is refused. */
export function optionalClock(value: unknown, option = 'clock'): Clock {
  return callable<Clock>(value ?? systemClock, option);
}
