import { AUTH_BASE_PATH, COOKIE_NAMES } from '../../core/constants.js';

/**
 * Default names of the cookies the builders make, from the one list in
 * `core/constants.ts`. With `secure` (the default) they carry the prefix
 * that lets the browser enforce the cookie's scope (RFC 6265bis §4.1.3):
 * `__Host-` pins the access and CSRF cookies to this exact host, Path=/ and
 * Secure, so a sibling subdomain or a plain-http response cannot plant or
 * overwrite them (cookie tossing is the classic way around double-submit).
 * The refresh cookie is `__Secure-` because its Path is narrowed to the auth
 * routes, which `__Host-` forbids. With `secure: false` (local development over
 * http) prefixed names would be refused, so the plain names are used: the
 * refresh cookie is then `tw-refresh`, not `__Secure-tw-refresh`.
 *
 * @example
 * ```ts
 * const name = DEFAULT_COOKIE_NAMES.refresh.secure; // '__Secure-tw-refresh'
 * ```
 */
export const DEFAULT_COOKIE_NAMES = /* @__PURE__ */ builderCookieNames();

// A call marked pure, not an object literal: property reads at module level
// count as side effects to bundlers, which would then keep this in every app.
function builderCookieNames() {
  const { refresh, access, csrf } = COOKIE_NAMES;
  return { refresh, access, csrf } as const;
}

/** Which cookie a builder makes. */
export type CookieKind = keyof typeof DEFAULT_COOKIE_NAMES;

/**
 * Default Path of each cookie: the refresh cookie reaches only `/auth/refresh`
 * and `/auth/logout`.
 *
 * @example
 * ```ts
 * app.post(`${DEFAULT_COOKIE_PATHS.refresh}/refresh`, handler); // '/auth/refresh'
 * ```
 */
export const DEFAULT_COOKIE_PATHS = { refresh: AUTH_BASE_PATH, access: '/', csrf: '/' } as const;

/**
 * Default Max-Age of each cookie, in seconds: the access token TTL (15 min),
 * and the refresh lifetime (7 days, the rotation engine's idle TTL) for the
 * refresh cookie and the CSRF cookie that protects the same session.
 *
 * @example
 * ```ts
 * const accessTtl = DEFAULT_COOKIE_MAX_AGE.access; // 900
 * ```
 */
export const DEFAULT_COOKIE_MAX_AGE = { refresh: 604_800, access: 900, csrf: 604_800 } as const;

/** The default name of a `kind` cookie, prefixed when `secure`. */
export function defaultCookieName(kind: CookieKind, secure: boolean): string {
  return secure ? DEFAULT_COOKIE_NAMES[kind].secure : DEFAULT_COOKIE_NAMES[kind].insecure;
}
