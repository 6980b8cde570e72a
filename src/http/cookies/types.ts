import type { Duration } from '../../core/duration.js';

/** The `SameSite` attribute (RFC 6265bis §4.1.2.7), lowercase as the `cookie` package spells it. */
export type SameSite = 'strict' | 'lax' | 'none';

/** The attributes of a {@link CookieSpec}: exactly what its `setCookie` string carries. */
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
 */
export interface CookieSpec {
  name: string;
  value: string;
  attributes: CookieAttributes;
  /** The serialized `Set-Cookie` header value. */
  setCookie: string;
}

/** Options every cookie builder accepts. */
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

/** The `__Host-` / `__Secure-` rules for a cookie named `Name`. */
export type PrefixConstraint<Name extends string> = Name extends `__Host-${string}`
  ? HostPrefixConstraint
  : Name extends `__Secure-${string}`
    ? SecurePrefixConstraint
    : unknown;

/** Options of a builder whose cookie is named `Name`: the prefix rules apply to the other fields. */
export type NamedCookieOptions<Name extends string> = BaseCookieOptions & {
  /** The cookie name: an RFC 6265 token. Defaults depend on `secure`. */
  name?: Name;
} & PrefixConstraint<Name>;
