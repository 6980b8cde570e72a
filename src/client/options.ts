/**
 * Options of {@link createAuthClient} and their validation. Bad configuration
 * throws a `TypeError` at construction, like the rest of tokenwarden.
 * @module
 */
import type { Clock } from '../core/clock.js';
import { AUTH_BASE_PATH, AUTH_ROUTES } from '../core/constants.js';
import { type Duration, parseDurationString } from '../core/duration.js';

/**
 * Why a session ended, as passed to `onSessionEnd`.
 *
 * @example
 * ```ts
 * createAuthClient({
 *   onSessionEnd: (reason) => showLogin(reason === 'refresh_failed' ? 'Session expired' : ''),
 * });
 * ```
 */
export type SessionEndReason =
  /** `logout()` / `logoutAll()` in this tab, or a logout in another tab. */
  | 'logout'
  /** The server refused the refresh token for good (expired, reused, revoked…). */
  | 'refresh_failed'
  /**
   * A request was refused with `TOKEN_REVOKED` or `SESSION_REVOKED`: the
   * session was revoked elsewhere (another device's "Revoke", log out
   * everywhere, reuse detection).
   */
  | 'revoked';

/**
 * Paths of the auth routes, relative to `baseUrl` (DESIGN "HTTP contract").
 *
 * @example
 * ```ts
 * createAuthClient({ baseUrl: '/api', routes: { refresh: '/session/refresh' } });
 * ```
 */
export interface AuthRoutes {
  /** Default `/auth/login`. */
  login?: string;
  /** Default `/auth/refresh`. */
  refresh?: string;
  /** Default `/auth/logout`. */
  logout?: string;
  /** Default `/auth/logout-all`. */
  logoutAll?: string;
}

/**
 * Options of {@link createAuthClient}; all optional.
 *
 * @example
 * ```ts
 * const auth = createAuthClient({
 *   baseUrl: 'https://auth.example.com',
 *   tokenOrigins: ['https://auth.example.com', 'https://api.example.com'],
 *   refreshAhead: '1m',
 * });
 * ```
 */
export interface AuthClientOptions {
  /** Origin (and optional path prefix) of the auth routes. Default `''`: same origin. */
  baseUrl?: string;
  /** Route paths; each must start with `/`. */
  routes?: AuthRoutes;
  /** The `fetch` to use. Default: `globalThis.fetch`, bound. */
  fetch?: typeof fetch;
  /**
   * How long before `expiresIn` runs out the token is refreshed in the
   * background: seconds, or a duration string as on the server (`'30s'`,
   * `'2m'`). Default 30 seconds; capped at half the token's lifetime so a
   * short-lived token cannot cause a refresh loop.
   */
  refreshAhead?: Duration;
  /** Called once when a session ends: logout (here or in another tab) or a final refresh failure. */
  onSessionEnd?: (reason: SessionEndReason) => void;
  /** Name of the `BroadcastChannel` and Web Lock shared by tabs. Default `tokenwarden`. */
  channelName?: string;
  /** Double-submit CSRF: header that echoes the `csrfCookie` value on refresh and logout. Set both or neither. */
  csrfHeader?: string;
  /** Name of the readable CSRF cookie echoed in `csrfHeader`. */
  csrfCookie?: string;
  /**
   * Origins `authFetch` may send the access token to. Default: the origin of
   * `baseUrl` (the page's own origin when `baseUrl` is relative). A request to
   * any other origin is refused rather than leaking the token.
   */
  tokenOrigins?: string[];
  /**
   * The clock, in milliseconds since the epoch, like `Date.now` (the default)
   * and like the server's `clock` option; tests inject one instead of waiting.
   */
  clock?: Clock;
  /**
   * @deprecated Use `clock`, the name the server options use: same meaning.
   * Giving both is a `TypeError`.
   */
  now?: Clock;
}

/** Options after defaults and validation. */
export interface ResolvedOptions {
  urls: Required<AuthRoutes>;
  fetch: typeof fetch;
  refreshAheadMs: number;
  onSessionEnd: (reason: SessionEndReason) => void;
  channelName: string;
  csrf: { header: string; cookie: string } | undefined;
  tokenOrigins: ReadonlySet<string>;
  clock: Clock;
}

const DEFAULT_ROUTES: Required<AuthRoutes> = {
  login: AUTH_BASE_PATH + AUTH_ROUTES.login,
  refresh: AUTH_BASE_PATH + AUTH_ROUTES.refresh,
  logout: AUTH_BASE_PATH + AUTH_ROUTES.logout,
  logoutAll: AUTH_BASE_PATH + AUTH_ROUTES.logoutAll,
};

// RFC 9110 §5.1: a field name is a token.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Applies defaults and validates; throws `TypeError` on bad configuration. */
export function resolveOptions(options: AuthClientOptions): ResolvedOptions {
  const baseUrl = options.baseUrl ?? '';
  if (typeof baseUrl !== 'string') fail('baseUrl must be a string');
  return {
    urls: resolveRoutes(baseUrl.replace(/\/+$/, ''), options.routes ?? {}),
    fetch: resolveFetch(options.fetch),
    refreshAheadMs: resolveRefreshAhead(options.refreshAhead ?? 30) * 1000,
    onSessionEnd: resolveFunction(options.onSessionEnd ?? (() => {}), 'onSessionEnd'),
    channelName: resolveChannelName(options.channelName ?? 'tokenwarden'),
    csrf: resolveCsrf(options.csrfHeader, options.csrfCookie),
    tokenOrigins: resolveTokenOrigins(options.tokenOrigins, baseUrl),
    clock: resolveClock(options),
  };
}

function resolveRoutes(baseUrl: string, routes: AuthRoutes): Required<AuthRoutes> {
  const urls = { ...DEFAULT_ROUTES };
  for (const key of Object.keys(DEFAULT_ROUTES) as (keyof AuthRoutes)[]) {
    const path = routes[key] ?? DEFAULT_ROUTES[key];
    if (typeof path !== 'string' || !path.startsWith('/')) {
      fail(`routes.${key} must be a path starting with "/"`);
    }
    urls[key] = baseUrl + path;
  }
  return urls;
}

function resolveFetch(custom: typeof fetch | undefined): typeof fetch {
  if (custom !== undefined) return resolveFunction(custom, 'fetch');
  if (typeof globalThis.fetch !== 'function') fail('no global fetch; pass the fetch option');
  // An unbound window.fetch throws "Illegal invocation" in browsers.
  return globalThis.fetch.bind(globalThis);
}

/** `refreshAhead` in seconds. */
function resolveRefreshAhead(value: Duration): number {
  const seconds = typeof value === 'string' ? parseDurationString(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    fail('refreshAhead must be seconds >= 0 or a duration like "30s", "2m"');
  }
  return seconds;
}

function resolveClock({ clock, now }: AuthClientOptions): Clock {
  if (clock !== undefined && now !== undefined) {
    fail('pass clock, not both clock and now (now is its deprecated name)');
  }
  if (now !== undefined) return resolveFunction(now, 'now');
  return resolveFunction(clock ?? (() => Date.now()), 'clock');
}

function resolveChannelName(name: string): string {
  if (typeof name !== 'string' || name.length === 0) fail('channelName must be a non-empty string');
  return name;
}

function resolveCsrf(
  header: string | undefined,
  cookie: string | undefined,
): ResolvedOptions['csrf'] {
  if (header === undefined && cookie === undefined) return undefined;
  if (typeof header !== 'string' || !HEADER_NAME.test(header)) {
    fail('csrfHeader must be a header name when csrfCookie is set');
  }
  if (typeof cookie !== 'string' || cookie.length === 0) {
    fail('csrfCookie must be a cookie name when csrfHeader is set');
  }
  return { header, cookie };
}

function resolveTokenOrigins(origins: string[] | undefined, baseUrl: string): ReadonlySet<string> {
  if (origins === undefined) {
    const own = originOf(baseUrl || '/');
    return new Set(own ? [own] : []);
  }
  if (!Array.isArray(origins)) fail('tokenOrigins must be an array of origins');
  return new Set(origins.map(toOrigin));
}

function toOrigin(value: unknown): string {
  const url = typeof value === 'string' ? parseAbsolute(value) : undefined;
  // An entry with a path would suggest a narrower scope than the origin the token is sent to.
  if (!url || url.origin === 'null' || url.pathname !== '/' || url.search || url.hash) {
    fail('tokenOrigins must hold origins such as "https://api.example.com"');
  }
  return url.origin;
}

// Not URL.canParse: it is missing from browsers older than 2023.
function parseAbsolute(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** The origin of `url` resolved against the page, or `undefined` when it has none. */
export function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url, globalThis.location?.href).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

function resolveFunction<F>(value: F, name: string): F {
  if (typeof value !== 'function') fail(`${name} must be a function`);
  return value;
}

function fail(message: string): never {
  throw new TypeError(`tokenwarden: ${message}`);
}
