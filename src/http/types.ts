/**
 * The public types of the HTTP primitives: cookie specs and their options,
 * and the CSRF guard's options. Implementation files import them from here,
 * and the public faces (`cookie-specs.ts`, `csrf-guard.ts`) re-export them.
 * @module
 */
import type { Duration } from '../core/duration.js';
import type { HeaderSource } from './headers.js';

export type { HeaderSource } from './headers.js';

/**
 * The `SameSite` attribute (RFC 6265bis §4.1.2.7), lowercase as the `cookie` package spells it.
 *
 * @example
 * ```ts
 * refreshCookie(token, { sameSite: 'lax' });
 * ```
 */
export type SameSite = 'strict' | 'lax' | 'none';

/**
 * The attributes of a {@link CookieSpec}: exactly what its `setCookie` string carries.
 *
 * @example
 * ```ts
 * const { attributes } = refreshCookie(token);
 * attributes.httpOnly; // true
 * attributes.path;     // '/auth'
 * ```
 */
export interface CookieAttributes {
  httpOnly: boolean;
  secure: boolean;
  sameSite: SameSite;
  path: string;
  /** Absent: a host-only cookie, the safest scope. */
  domain?: string;
  /** Seconds; `0` on a clearing spec. */
  maxAge: number;
  /** Present (and true) only for CHIPS partitioned cookies. */
  partitioned?: true;
  /** Only on clearing specs: a date in the past, for agents that ignore `Max-Age`. */
  expires?: Date;
}

/**
 * A cookie described, not sent: framework glue appends `setCookie` as a
 * `Set-Cookie` response header, or feeds `name`/`value`/`attributes` to its
 * own cookie API.
 *
 * @example
 * ```ts
 * const spec: CookieSpec = refreshCookie(token, { maxAge: '7d' });
 * res.append('Set-Cookie', spec.setCookie);
 * ```
 */
export interface CookieSpec {
  name: string;
  value: string;
  attributes: CookieAttributes;
  /** The serialized `Set-Cookie` header value. */
  setCookie: string;
}

/**
 * Options every cookie builder accepts.
 *
 * @example
 * ```ts
 * accessCookie(token, { maxAge: '15m', sameSite: 'strict', secure: true });
 * ```
 */
export interface BaseCookieOptions {
  /** Lifetime as a {@link Duration}; at most 400 days (RFC 6265bis §4.1.2.2). */
  maxAge?: Duration;
  path?: string;
  /** Share the cookie with subdomains. Leave unset for a host-only cookie. */
  domain?: string;
  /**
   * Default `true`. Set `false` only for local development over plain
   * `http://`: the cookie is then built, and `warn` is called once. Chromium
   * treats `http://localhost` as a secure context, so `Secure` cookies already
   * work there and `false` is rarely needed.
   */
  secure?: boolean;
  /** Default `'strict'`. `'none'` needs `secure`. */
  sameSite?: SameSite;
  /** CHIPS partitioned cookie; needs `secure`. */
  partitioned?: boolean;
  /** Receives the one-time `secure: false` warning. Default `console.warn`. */
  warn?: (message: string) => void;
}

// RFC 6265bis §4.1.3: the prefixes, as type constraints on literal names.
// The run-time checks in rules.ts stay authoritative (they also catch
// non-literal names and the case-insensitive spellings browsers honour).
type HostPrefixConstraint = { secure?: true; path?: '/'; domain?: undefined };
type SecurePrefixConstraint = { secure?: true };

/**
 * The `__Host-` / `__Secure-` rules for a cookie named `Name`.
 *
 * @example
 * ```ts
 * refreshCookie(token, { name: '__Host-refresh', path: '/' }); // ok
 * // refreshCookie(token, { name: '__Host-refresh', path: '/auth' }); // type error: __Host- needs Path=/
 * ```
 */
export type PrefixConstraint<Name extends string> = Name extends `__Host-${string}`
  ? HostPrefixConstraint
  : Name extends `__Secure-${string}`
    ? SecurePrefixConstraint
    : unknown;

/**
 * Options of a builder whose cookie is named `Name`: the prefix rules apply to the other fields.
 *
 * @example
 * ```ts
 * csrfCookie(token, { name: '__Host-csrf', path: '/' });
 * ```
 */
export type NamedCookieOptions<Name extends string> = BaseCookieOptions & {
  /** The cookie name: an RFC 6265 token. Defaults depend on `secure`. */
  name?: Name;
} & PrefixConstraint<Name>;

/**
 * Options of `refreshCookie`. A `__Host-` name must also set `path: '/'`
 * explicitly, since the refresh cookie's default Path is `/auth`.
 *
 * @example
 * ```ts
 * refreshCookie(token, { name: '__Secure-refresh', path: '/auth', maxAge: '7d' });
 * ```
 */
export type RefreshCookieOptions<Name extends string = string> = NamedCookieOptions<Name> &
  (Name extends `__Host-${string}` ? { path: '/' } : unknown);

/**
 * What a clearing cookie must repeat of the cookie it deletes.
 *
 * @example
 * ```ts
 * res.append('Set-Cookie', clearCookie({ name: '__Secure-tw-refresh', path: '/auth' }).setCookie);
 * ```
 */
export interface ClearCookieOptions {
  name: string;
  /** Required: a cookie is only replaced by one with the same Path (RFC 6265 §5.3 step 11). */
  path: string;
  domain?: string;
  /** Default `true`. */
  secure?: boolean;
  /** Default `'strict'`. */
  sameSite?: SameSite;
  /** Default `true`. */
  httpOnly?: boolean;
  /** A partitioned cookie can only be deleted by a partitioned `Set-Cookie`. */
  partitioned?: boolean;
}

/**
 * Where the double-submit token lives.
 *
 * @example
 * ```ts
 * createCsrfGuard({ allowedOrigins: ['https://app.example'], doubleSubmit: { header: 'x-csrf', cookie: { name: '__Host-csrf' } } });
 * ```
 */
export interface DoubleSubmitOptions<Name extends string = string> {
  /** The CSRF cookie (name, Path, Secure, …), as `csrfCookie` takes it. */
  cookie?: NamedCookieOptions<Name>;
  /** The request header that echoes the token. Default `x-csrf-token`. */
  header?: string;
}

/**
 * Options of `createCsrfGuard`.
 *
 * @example
 * ```ts
 * const options: CsrfGuardOptions = { allowedOrigins: ['https://app.example'], doubleSubmit: true };
 * const guard = createCsrfGuard(options);
 * ```
 */
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

/**
 * The parts of a request the guard reads.
 *
 * @example
 * ```ts
 * guard.check({ method: request.method, headers: request.headers });
 * ```
 */
export interface CsrfRequest {
  method: string;
  headers: HeaderSource;
}

/**
 * Per-call options of `CsrfGuard.check`.
 *
 * @example
 * ```ts
 * guard.check(request, { doubleSubmit: false }); // Origin checks only, for this call
 * ```
 */
export interface CsrfCheckOptions {
  /** Override the guard's double-submit default for this call. */
  doubleSubmit?: boolean;
}

/**
 * What `createCsrfGuard` returns.
 *
 * @example
 * ```ts
 * const guard: CsrfGuard = createCsrfGuard({ allowedOrigins: ['https://app.example'] });
 * const { token, cookie } = guard.issueToken();
 * guard.check(request); // throws AuthError('CSRF_FAILED') on a cross-site request
 * ```
 */
export interface CsrfGuard {
  /** Throws `AuthError('CSRF_FAILED')` (403) unless the request may proceed. */
  check(request: CsrfRequest, options?: CsrfCheckOptions): void;
  /** A fresh token and the cookie that carries it; send the cookie, give the page the token. */
  issueToken(): { token: string; cookie: CookieSpec };
  /** The CSRF cookie name and header name the guard reads. */
  readonly cookieName: string;
  readonly headerName: string;
}
