/**
 * A flat copy of a string. Strings built by `replace`, `slice` or `+` may be
 * V8 sliced or cons strings that keep their parent strings alive: a 22-char
 * token id from jose's base64url can hold ~100 bytes. A long-lived store
 * keeps one flat copy instead.
 *
 * @example
 * ```ts
 * const id = flatString(token.id);
 * ```
 * @module
 */

/** A flat copy of `value` (JSON's parser always builds a sequential string). */
export function flatString(value: string): string {
  return JSON.parse(JSON.stringify(value)) as string;
}
