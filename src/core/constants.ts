/**
 * The names of the HTTP contract that the server glue, the Web handler and the
 * browser client must agree on: the auth base path and its routes, the cookie
 * names and the CSRF header. Written once here so they cannot drift apart
 * (DESIGN "HTTP contract of the example apps"). Plain values only: the browser
 * client imports this module too.
 *
 * @example
 * ```ts
 * import { AUTH_BASE_PATH, AUTH_ROUTES } from './constants.js';
 * const refreshUrl = `${AUTH_BASE_PATH}${AUTH_ROUTES.refresh}`; // '/auth/refresh'
 * ```
 * @module
 */

/**
 * Where the auth routes live by default, and the refresh cookie's default
 * Path: the cookie must reach `/auth/refresh` and `/auth/logout`, nothing else.
 * Glue internals (src/index.ts), not public API.
 * @internal
 */
export const AUTH_BASE_PATH = '/auth';

/**
 * The auth routes, relative to the base path.
 * Glue internals (src/index.ts), not public API.
 * @internal
 */
export const AUTH_ROUTES = {
  login: '/login',
  refresh: '/refresh',
  logout: '/logout',
  logoutAll: '/logout-all',
  /** Served only when the glue is given `verifyStepUp`. */
  stepUp: '/step-up',
} as const;

/** One of the auth routes. */
export type AuthRouteName = keyof typeof AUTH_ROUTES;

/**
 * Default cookie names. With `secure` (the default) they carry the prefix
 * that lets the browser enforce the cookie's scope (RFC 6265bis §4.1.3):
 * `__Host-` pins the access, CSRF and fingerprint cookies to this exact host,
 * Path=/ and Secure, so a sibling subdomain or a plain-http response cannot
 * plant or overwrite them. The refresh cookie is `__Secure-` because its Path
 * is narrowed to the auth routes, which `__Host-` forbids. With
 * `secure: false` (local development over http) the plain names are used.
 */
export const COOKIE_NAMES = {
  refresh: { secure: '__Secure-tw-refresh', insecure: 'tw-refresh' },
  access: { secure: '__Host-tw-access', insecure: 'tw-access' },
  csrf: { secure: '__Host-tw-csrf', insecure: 'tw-csrf' },
  fingerprint: { secure: '__Host-tw-fgp', insecure: 'tw-fgp' },
} as const;

/** The request header that echoes the CSRF cookie (double-submit). */
export const CSRF_HEADER = 'x-csrf-token';
