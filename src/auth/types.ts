/**
 * The public types of the facade (`createAuth`), its request and result
 * shapes, and the route layer's credential check. Implementation files import
 * them from here; `auth.ts` is the public face that re-exports them.
 * @module
 */
import type { LogoutAllResult, RotationEngineOptions } from '../session/rotation-engine.js';
import type { AuthEvent, DeviceContext } from '../session/events.js';
import type { KeySet, PublicJwks } from '../token/keys.js';
import type { AccessClaims } from '../token/verifier.js';
import type { Duration } from '../core/duration.js';
import type { CookieSpec, HeaderSource, SameSite } from '../http/types.js';
import type { SessionOptionName } from './session-options.js';

export type { SessionOptionName } from './session-options.js';

/** Where access tokens travel, like Flask-JWT-Extended's `JWT_TOKEN_LOCATION`. */
export type TokenLocation = 'header' | 'cookie' | 'both';

/** Cookie settings shared by every cookie the facade sets. */
export interface AuthCookieOptions {
  /**
   * Default `true`. `false` only for local development over plain http: it
   * warns once, and the default cookie names lose their prefix (the refresh
   * cookie becomes `tw-refresh` instead of `__Secure-tw-refresh`, the access,
   * CSRF and fingerprint cookies `tw-access`, `tw-csrf`, `tw-fgp`).
   */
  secure?: boolean;
  /** Default `'strict'`. */
  sameSite?: SameSite;
  /** Domain of the refresh cookie; leave unset for a host-only cookie (safest). */
  domain?: string;
  /** Path of the refresh cookie: the prefix of the refresh and logout routes. Default `/auth`. */
  refreshPath?: string;
  /** Receives the one-time `secure: false` warning. Default `console.warn`. */
  warn?: (message: string) => void;
}

/**
 * Options of `createAuth`. Only `issuer`, `audience` and `keys` are
 * required. The session options (`store`, `clock`, `refreshTtl`,
 * `absoluteTtl`, `reuseGrace`, `maxGraceReplays`, `onReuse`, `rotationKey`,
 * `deviceBinding`, `accessRevocation`, `versionCacheTtl`) are the rotation engine's, documented
 * on {@link RotationEngineOptions}.
 */
export interface AuthOptions extends Pick<RotationEngineOptions, SessionOptionName> {
  /** The `iss` of access tokens; when it is an http(s) URL its origin is the default `origins`. */
  issuer: string;
  /** The `aud` of access tokens. */
  audience: string;
  /** Signing and verification keys, from `createKeySet`. */
  keys: KeySet;
  /** Access-token lifetime. Default `15m`. */
  accessTtl?: Duration;
  /** Clock tolerance for `exp`/`nbf`/`iat`. Default `5s`. */
  clockTolerance?: Duration;
  /** Where access tokens are read from and written to. Default `header`. */
  tokenLocation?: TokenLocation;
  /**
   * Origins allowed to call the cookie-authenticated routes (refresh, logout,
   * and any route when the access token is a cookie), exactly as browsers
   * send them in `Origin`: scheme, host and port, like
   * `http://localhost:5173` for a dev server on another port. Default: the
   * issuer's origin. A request from any other origin gets 403 `CSRF_FAILED`.
   */
  origins?: readonly string[];
  /** Cookie settings. */
  cookies?: AuthCookieOptions;
  /**
   * Whether login and refresh responses carry the access token in their JSON
   * body. Default `true`. `false` is the strict cookie mode, only with
   * `tokenLocation: 'cookie'`: the token then travels in its HttpOnly cookie
   * alone, so no response hands it to page script, and the body is
   * `{ expiresIn }` ({@link CookieSessionBody}). Refused with `header` and
   * `both`, whose clients need the token.
   *
   * @example
   * ```ts
   * createAuth({ ...options, tokenLocation: 'cookie', accessTokenInBody: false });
   * ```
   */
  accessTokenInBody?: boolean;
  /** Sidejacking hardening (OWASP): bind header tokens to a hardened cookie. Default `false`. */
  fingerprint?: boolean;
  /**
   * Claims added to every access token of a subject (role, tenant, …), asked
   * at login AND at every refresh, so a changed role takes effect within one
   * access TTL. Registered names (`iss`, `sub`, `sid`, …, `fgp`) are refused.
   */
  accessClaims?: (subject: string) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Security events (login, refresh, reuse detected, logout, verify.failed, …). */
  onEvent?: (event: AuthEvent) => void | Promise<void>;
}

/** The parts of an HTTP request the facade reads. */
export interface AuthRequest {
  method: string;
  headers: HeaderSource;
  /** Device context stored with the session (user agent, IP, …). */
  context?: DeviceContext;
}

/** Input of {@link Auth.login}: who logged in (after your own credential check). */
export interface AuthLoginInput {
  subject: string;
  context?: DeviceContext;
}

/** The JSON body of a login or refresh response (DESIGN HTTP contract). */
export interface TokenResponseBody {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds until the access token expires. */
  expiresIn: number;
}

/**
 * The JSON body of a login or refresh response in the strict cookie mode
 * (`accessTokenInBody: false`): the access token is in its HttpOnly cookie
 * only; the body says when it expires, so the page knows when to refresh.
 */
export interface CookieSessionBody {
  /** Absent: the access token is in its HttpOnly cookie. */
  accessToken?: undefined;
  tokenType?: undefined;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

/**
 * What login and refresh return: the response body, the cookies to set, and
 * details. Serializing it is safe: `JSON.stringify(session)` (and so
 * `res.json(session)`) never holds the refresh token, because `cookies` and
 * the deprecated `refreshToken` are non-enumerable. Send `body` as the JSON
 * response and each `cookies[i].setCookie` as a `Set-Cookie` header.
 *
 * @example
 * ```ts
 * const session = await auth.login({ subject: user.id });
 * for (const cookie of session.cookies) res.append('Set-Cookie', cookie.setCookie);
 * res.json(session.body); // { accessToken, tokenType: 'Bearer', expiresIn }
 * ```
 */
export interface AuthSession {
  /**
   * Send as the JSON response body: {@link CookieSessionBody} in the strict
   * cookie mode (`accessTokenInBody: false`), else the token body.
   */
  body: TokenResponseBody | CookieSessionBody;
  /**
   * Send each `setCookie` as a `Set-Cookie` header. The refresh cookie (first)
   * carries the refresh token. Non-enumerable: left out of `JSON.stringify`
   * and object spread.
   */
  cookies: CookieSpec[];
  accessToken: string;
  /** Access-token expiry, seconds since the epoch. */
  expiresAt: number;
  subject: string;
  /** The session (family) id, the token's `sid`. */
  sessionId: string;
  /**
   * The opaque refresh token. Non-enumerable, so it never reaches a JSON body
   * or a log by accident.
   *
   * @deprecated The refresh cookie in `cookies` carries it; a refresh token
   * belongs in that HttpOnly cookie only. Kept for compatibility.
   */
  refreshToken: string;
  /** The double-submit token when access tokens travel in cookies. */
  csrfToken?: string;
}

/** Who a verified request belongs to. */
export interface AuthContext<C extends object = Record<string, unknown>> {
  subject: string;
  sessionId: string;
  claims: AccessClaims & C;
}

/** A session as the HTTP contract lists it (`GET /api/sessions`). Times are ISO 8601. */
export interface SessionView {
  id: string;
  current: boolean;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string | null;
}

/** The facade returned by `createAuth`. */
export interface Auth {
  /** Starts a session for `subject`: access token, refresh cookie (and CSRF/fingerprint cookies). */
  login(input: AuthLoginInput): Promise<AuthSession>;
  /** Rotates the refresh cookie of `request` (Origin checked first) and issues a new access token. */
  refresh(request: AuthRequest): Promise<AuthSession>;
  /** Revokes the session of `request`'s refresh cookie (Origin checked) and returns clearing cookies. Idempotent. */
  logout(request: AuthRequest): Promise<{ cookies: CookieSpec[] }>;
  /** Revokes every session of `subject`. */
  logoutAll(subject: string): Promise<LogoutAllResult>;
  /** Verifies the access token of `request` (header or cookie; CSRF for cookie auth; fingerprint; revocation). */
  authenticate<C extends object = Record<string, unknown>>(
    request: AuthRequest,
  ): Promise<AuthContext<C>>;
  /** Verifies a bare access token (signature, claims, revocation). Not usable with `fingerprint`. */
  verifyAccess<C extends object = Record<string, unknown>>(token: unknown): Promise<AuthContext<C>>;
  /** The subject's active sessions, `current` marking `currentSessionId`. */
  listSessions(subject: string, currentSessionId?: string): Promise<SessionView[]>;
  /** Revokes one of the subject's sessions; `false` for unknown ids and other users' sessions. */
  revokeSession(subject: string, sessionId: string): Promise<boolean>;
  /** Clearing specs for every cookie the facade sets. */
  clearCookies(): CookieSpec[];
  /**
   * The refresh cookie's `Path` (`cookies.refreshPath`, default `/auth`): the
   * browser sends the refresh token only below it, so the refresh and logout
   * routes must be served there. The framework glues refuse to serve them
   * anywhere else.
   *
   * @example
   * ```ts
   * app.use(auth.refreshPath, tokenwarden({ auth, verifyCredentials }));
   * ```
   */
  readonly refreshPath: string;
  /** The public JWKS (empty `keys` for HMAC-only key sets). */
  jwks(): PublicJwks;
  /**
   * The longest time, in seconds, a revoked session's access token can still
   * pass `authenticate` (DESIGN decision 12): `accessTtl + clockTolerance` in
   * `none` mode, 0 in `session` mode, and in `jti` mode 0 for the token
   * presented at logout but `accessTtl + clockTolerance` for the others; in
   * `version` mode `accessTtl + clockTolerance` too, since one session's
   * logout does not change the subject's version (see
   * {@link Auth.subjectRevocationDelay} for logout-all).
   */
  readonly revocationDelay: number;
  /**
   * The longest time, in seconds, an access token can still pass
   * `authenticate` after `logoutAll(subject)` or a reuse detection with
   * `onReuse: 'subject'`: `versionCacheTtl` in `version` mode (0 without a
   * cache), 0 in `session` mode, `accessTtl + clockTolerance` in `none` and
   * `jti` modes.
   *
   * @example
   * ```ts
   * const auth = createAuth({ ...options, accessRevocation: 'version', versionCacheTtl: '10s' });
   * auth.subjectRevocationDelay; // 10
   * ```
   */
  readonly subjectRevocationDelay: number;
}

/**
 * What the app's credential check returns: the subject, or null for bad credentials.
 *
 * @example
 * ```ts
 * const verifyCredentials: VerifyCredentials = async ({ username, password }) =>
 *   (await users.check(username, password)) ? { subject: username } : null;
 * ```
 */
export type VerifyCredentials<R = unknown> = (
  credentials: { username: string; password: string },
  request: R,
) => Promise<{ subject: string } | null> | { subject: string } | null;
