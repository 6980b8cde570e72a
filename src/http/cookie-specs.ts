/**
 * Cookie specs: the refresh, access and CSRF cookies described as
 * `{ name, value, attributes, setCookie }`, never sent. Safe defaults
 * (HttpOnly, Secure, SameSite=Strict, narrow Path, prefixed names) and the
 * RFC 6265bis rules are enforced when the spec is built: a conflict throws a
 * `TypeError` naming the rule; nothing the caller set is silently rewritten.
 *
 * Local development over plain `http://`: pass `secure: false`. The cookie is
 * built with a plain name (prefixed names need Secure) and a one-time warning
 * goes to `warn`. Chromium treats `http://localhost` as a secure context, so
 * the default `secure: true` usually works in development too.
 *
 * @example
 * ```ts
 * const cookie = refreshCookie(refreshToken, { maxAge: '7d' });
 * response.headers.append('set-cookie', cookie.setCookie);
 * // on logout
 * response.headers.append('set-cookie', clearCookie(cookie).setCookie);
 * ```
 * @module
 */
import { buildCookie } from './cookies/build.js';
import { buildClearingCookie } from './cookies/clear.js';
import type {
  ClearCookieOptions,
  CookieSpec,
  NamedCookieOptions,
  RefreshCookieOptions,
} from './types.js';

export {
  DEFAULT_COOKIE_MAX_AGE,
  DEFAULT_COOKIE_NAMES,
  DEFAULT_COOKIE_PATHS,
} from './cookies/defaults.js';
export { MAX_COOKIE_AGE_SECONDS } from './cookies/rules.js';
export type {
  BaseCookieOptions,
  ClearCookieOptions,
  CookieAttributes,
  CookieSpec,
  NamedCookieOptions,
  PrefixConstraint,
  RefreshCookieOptions,
  SameSite,
} from './types.js';

/**
 * The refresh-token cookie: HttpOnly, Secure, SameSite=Strict, `Path=/auth`
 * (it reaches `/auth/refresh` and `/auth/logout`, nothing else), Max-Age the
 * refresh lifetime (default 7 days), named `__Secure-tw-refresh`
 * (`tw-refresh` with `secure: false`).
 *
 * @example
 * ```ts
 * const { setCookie } = refreshCookie(token, { maxAge: '30d', path: '/api/auth' });
 * ```
 */
export function refreshCookie<const Name extends string = string>(
  value: string,
  options?: RefreshCookieOptions<Name>,
): CookieSpec {
  return buildCookie('refresh', value, options);
}

/**
 * The access-token cookie, for apps whose access token travels in a cookie
 * rather than an `Authorization` header (then protect state-changing routes
 * with {@link createCsrfGuard}): HttpOnly, Secure, SameSite=Strict, Path=/,
 * Max-Age the access TTL (default 15 minutes), named `__Host-tw-access`
 * (`tw-access` with `secure: false`).
 *
 * @example
 * ```ts
 * const { setCookie } = accessCookie(jwt, { maxAge: '15m' });
 * ```
 */
export function accessCookie<const Name extends string = string>(
  value: string,
  options?: NamedCookieOptions<Name>,
): CookieSpec {
  return buildCookie('access', value, options);
}

/**
 * The double-submit CSRF cookie. Deliberately NOT HttpOnly: the page reads it
 * and echoes it in a header, which a cross-site attacker cannot do. Secure,
 * SameSite=Strict, Path=/, Max-Age 7 days, named `__Host-tw-csrf`
 * (`tw-csrf` with `secure: false`). Usually built by `createCsrfGuard().issueToken()`.
 *
 * @example
 * ```ts
 * const { setCookie } = csrfCookie(csrfToken);
 * ```
 */
export function csrfCookie<const Name extends string = string>(
  value: string,
  options?: NamedCookieOptions<Name>,
): CookieSpec {
  return buildCookie('csrf', value, options);
}

/**
 * The spec that deletes a cookie: same name, Path, Domain, Secure, SameSite,
 * HttpOnly and Partitioned, an empty value, `Max-Age=0` and an `Expires` in
 * the past. Pass the spec you set, or its name and Path.
 *
 * @example
 * ```ts
 * const { setCookie } = clearCookie(refreshCookie('', { maxAge: 1 }));
 * const same = clearCookie({ name: '__Secure-tw-refresh', path: '/auth' });
 * ```
 */
export function clearCookie(specOrOptions: CookieSpec | ClearCookieOptions): CookieSpec {
  return buildClearingCookie(specOrOptions);
}
