import { toCookieSpec } from './serialize.js';
import type { ClearCookieOptions, CookieAttributes, CookieSpec } from '../types.js';

/** The `Set-Cookie` that deletes the cookie described by `target`. */
export function buildClearingCookie(target: CookieSpec | ClearCookieOptions): CookieSpec {
  if ('attributes' in target) return clearing(target.name, target.attributes);
  const attrs: CookieAttributes = {
    httpOnly: target.httpOnly ?? true,
    secure: target.secure ?? true,
    sameSite: target.sameSite ?? 'strict',
    path: target.path,
    maxAge: 0,
  };
  if (target.domain !== undefined) attrs.domain = target.domain;
  if (target.partitioned) attrs.partitioned = true;
  return clearing(target.name, attrs);
}

// Max-Age=0 deletes the cookie (RFC 6265bis §5.6.2); the past Expires is for
// agents that predate Max-Age.
function clearing(name: string, attrs: CookieAttributes): CookieSpec {
  return toCookieSpec(name, '', { ...attrs, maxAge: 0, expires: new Date(0) });
}
