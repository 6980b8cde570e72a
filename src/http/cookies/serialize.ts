import { stringifySetCookie } from 'cookie';
import { assertValidCookie } from './rules.js';
import type { CookieAttributes, CookieSpec } from '../types.js';

// Values are validated as cookie-octets first, so they need no encoding; the
// default (encodeURIComponent) would make the header differ from the value.
const identity = (value: string): string => value;

/** Validates against RFC 6265bis (TypeError naming the rule) and serializes. */
export function toCookieSpec(
  name: string,
  value: string,
  attributes: CookieAttributes,
): CookieSpec {
  assertValidCookie(name, value, attributes);
  return { name, value, attributes, setCookie: serializeChecked(name, value, attributes) };
}

function serializeChecked(name: string, value: string, attrs: CookieAttributes): string {
  try {
    return stringifySetCookie({ ...attrs, name, value }, { encode: identity });
  } catch {
    // Not rethrown as is: the `cookie` package's messages quote the value, a token.
    throw new TypeError(`tokenwarden: cookie "${name}" was refused by the serializer`);
  }
}
