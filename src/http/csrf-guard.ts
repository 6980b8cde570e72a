/**
 * CSRF protection for state-changing requests authenticated by a cookie: an
 * Origin/Referer allow-list, `Sec-Fetch-Site`, and a double-submit token (a
 * readable CSRF cookie the page echoes in a header, compared in constant time).
 * The refresh route always checks the origin; double-submit matters when the
 * access token itself travels in a cookie.
 *
 * @example
 * ```ts
 * const csrf = createCsrfGuard({ allowedOrigins: ['https://app.example'] });
 * // at login: set the cookie, the page echoes it in `x-csrf-token`
 * const { cookie } = csrf.issueToken();
 * // on every request (throws AuthError CSRF_FAILED, status 403)
 * csrf.check({ method: request.method, headers: request.headers });
 * // on /auth/refresh when the access token travels in a header
 * csrf.check(request, { doubleSubmit: false });
 * ```
 * @module
 */
import { csrfCookie } from './cookie-specs.js';
import { AuthError } from '../core/errors.js';
import type { CookieSpec, NamedCookieOptions } from './cookies/types.js';
import { toAllowedOrigins } from './csrf/allowed-origins.js';
import { doubleSubmitMatches } from './csrf/double-submit.js';
import { type OriginPolicy, originAllowed } from './csrf/origin-check.js';
import { randomCsrfToken } from './csrf/token.js';
import type { HeaderSource } from './headers.js';

export type { HeaderSource } from './headers.js';

/**
 * The default header the page echoes the CSRF token in.
 *
 * @example
 * ```ts
 * fetch('/api/orders', { method: 'POST', headers: { [DEFAULT_CSRF_HEADER]: csrfTokenFromCookie } });
 * ```
 */
export const DEFAULT_CSRF_HEADER = 'x-csrf-token';

/** Where the double-submit token lives. */
export interface DoubleSubmitOptions<Name extends string = string> {
  /** The CSRF cookie (name, Path, Secure, …), as {@link csrfCookie} takes it. */
  cookie?: NamedCookieOptions<Name>;
  /** The request header that echoes the token. Default `x-csrf-token`. */
  header?: string;
}

/** Options of {@link createCsrfGuard}. */
export interface CsrfGuardOptions<Name extends string = string> {
  /** Exact origins allowed to send state-changing requests, like `https://app.example`. At least one. */
  allowedOrigins: readonly string[];
  /** Double-submit by default on every `check` (default `true`), and where its token lives. */
  doubleSubmit?: boolean | DoubleSubmitOptions<Name>;
  /**
   * Let requests with neither `Origin` nor `Referer` pass the origin check
   * (default `true`): browsers send `Origin` on every cross-origin POST, so
   * such requests come from non-browser clients, which CSRF cannot abuse.
   * Double-submit still applies when on.
   */
  allowNoOrigin?: boolean;
  /**
   * Accept `Sec-Fetch-Site: cross-site` when the `Origin` is in
   * `allowedOrigins` (default `false`: cross-site is always refused). Set it
   * when a listed origin is on another site, e.g. an SPA on `app.example`
   * calling an API on `api.example.net` with `SameSite=None` cookies.
   */
  allowCrossSite?: boolean;
}

/** The parts of a request the guard reads. */
export interface CsrfRequest {
  method: string;
  headers: HeaderSource;
}

/** Per-call options of {@link CsrfGuard.check}. */
export interface CsrfCheckOptions {
  /** Override the guard's double-submit default for this call. */
  doubleSubmit?: boolean;
}

/** What {@link createCsrfGuard} returns. */
export interface CsrfGuard {
  /** Throws `AuthError('CSRF_FAILED')` (403) unless the request may proceed. */
  check(request: CsrfRequest, options?: CsrfCheckOptions): void;
  /** A fresh token and the cookie that carries it; send the cookie, give the page the token. */
  issueToken(): { token: string; cookie: CookieSpec };
  /** The CSRF cookie name and header name the guard reads. */
  readonly cookieName: string;
  readonly headerName: string;
}

// RFC 9110 §9.2.1: safe methods must not change state, so they need no check.
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
const HEADER_NAME_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Creates a CSRF guard. Order of checks on an unsafe method: `Sec-Fetch-Site:
 * cross-site` refused; `Origin` must be listed (`null` never is); without
 * `Origin`, the `Referer`'s origin must be listed (an unparseable one is
 * refused); without either, `allowNoOrigin` decides; then the double-submit
 * token must be in both the CSRF cookie and the header, and equal.
 *
 * @example
 * ```ts
 * const csrf = createCsrfGuard({
 *   allowedOrigins: ['https://app.example'],
 *   doubleSubmit: { header: 'x-xsrf-token', cookie: { maxAge: '1d' } },
 * });
 * ```
 */
export function createCsrfGuard<const Name extends string = string>(
  options: CsrfGuardOptions<Name>,
): CsrfGuard {
  const policy: OriginPolicy = {
    allowedOrigins: toAllowedOrigins(options.allowedOrigins),
    allowNoOrigin: options.allowNoOrigin ?? true,
    allowCrossSite: options.allowCrossSite ?? false,
  };
  const submit = typeof options.doubleSubmit === 'object' ? options.doubleSubmit : {};
  const doubleSubmitByDefault = options.doubleSubmit !== false;
  const cookieOptions: NamedCookieOptions<string> = submit.cookie ?? {};
  const headerName = toHeaderName(submit.header ?? DEFAULT_CSRF_HEADER);
  // Building one cookie now makes a bad cookie configuration fail at start-up.
  const { name: cookieName } = csrfCookie(randomCsrfToken(), cookieOptions);

  return {
    cookieName,
    headerName,
    check(request, checkOptions = {}) {
      if (isSafeMethod(request.method)) return;
      if (!originAllowed(request.headers, policy)) throw new AuthError('CSRF_FAILED');
      if (!(checkOptions.doubleSubmit ?? doubleSubmitByDefault)) return;
      if (!doubleSubmitMatches(request.headers, cookieName, headerName)) {
        throw new AuthError('CSRF_FAILED', {
          message: 'The CSRF token is missing or does not match.',
        });
      }
    },
    issueToken() {
      const token = randomCsrfToken();
      return { token, cookie: csrfCookie(token, cookieOptions) };
    },
  };
}

function isSafeMethod(method: unknown): boolean {
  return typeof method === 'string' && SAFE_METHODS.has(method.toUpperCase());
}

function toHeaderName(value: string): string {
  if (typeof value !== 'string' || !HEADER_NAME_RE.test(value)) {
    throw new TypeError(
      'tokenwarden: doubleSubmit.header must be an HTTP header name (RFC 9110 §5.1 token)',
    );
  }
  return value.toLowerCase();
}
