import { parseCookie } from 'cookie';

// Values are written unencoded (see http/cookies/serialize.ts), so they are read
// unencoded: what we set is byte for byte what we read back.
const identity = (value: string): string => value;

/**
 * The value of cookie `name` in a `Cookie` request header, or undefined when
 * the header is absent, the cookie is absent or its value is empty. Junk in
 * the header is tolerated: this never throws. When a name repeats, the first
 * one wins (browsers send the cookie with the longest Path first, RFC 6265 §5.4).
 */
export function readCookie(cookieHeader: string | undefined, name: string): string | undefined {
  if (typeof cookieHeader !== 'string' || cookieHeader.length === 0) return undefined;
  try {
    const value = parseCookie(cookieHeader, { decode: identity })[name];
    return value === undefined || value.length === 0 ? undefined : value;
  } catch {
    return undefined;
  }
}
