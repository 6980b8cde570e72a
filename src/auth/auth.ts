/**
 * `createAuth`: the one object most apps need. It composes the issuer, the
 * verifier, the rotation engine, the cookie specs and the CSRF guard behind
 * transport-agnostic verbs that framework glue (or your own handlers) call.
 *
 * @example
 * ```ts
 * import { createAuth, createKeySet } from 'tokenwarden';
 *
 * const auth = createAuth({
 *   issuer: 'https://app.example',
 *   audience: 'app',
 *   keys: await createKeySet({ keys: [{ alg: 'HS256', secret: process.env.JWT_SECRET! }] }),
 * });
 * const session = await auth.login({ subject: user.id });
 * // send session.body as JSON and session.cookies as Set-Cookie headers
 * const { subject } = await auth.authenticate({ method: 'GET', headers: request.headers });
 * ```
 * @module
 */
import type { LogoutAllResult, RotationEngineOptions } from '../session/rotation-engine.js';
import type { AuthEvent, DeviceContext } from '../session/events.js';
import type { KeySet, PublicJwks } from '../token/keys.js';
import type { CookieSpec, SameSite } from '../http/cookies/types.js';
import type { Duration } from '../core/duration.js';
import type { HeaderSource } from '../http/headers.js';
import { createAuthFacade } from './create-auth.js';
import type { AccessClaims } from '../token/verifier.js';

/** The rotation-engine options `createAuth` passes through unchanged. */
export type SessionOptionName =
  | 'store'
  | 'clock'
  | 'refreshTtl'
  | 'absoluteTtl'
  | 'reuseGrace'
  | 'maxGraceReplays'
  | 'onReuse'
  | 'rotationKey'
  | 'deviceBinding'
  | 'accessRevocation';

/** Where access tokens travel, like Flask-JWT-Extended's `JWT_TOKEN_LOCATION`. */
export type TokenLocation = 'header' | 'cookie' | 'both';

/** Cookie settings shared by every cookie the facade sets. */
export interface AuthCookieOptions {
  /** Default `true`. `false` only for local development over plain http (warns once). */
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
 * Options of {@link createAuth}. Only `issuer`, `audience` and `keys` are
 * required. The session options (`store`, `clock`, `refreshTtl`,
 * `absoluteTtl`, `reuseGrace`, `maxGraceReplays`, `onReuse`, `rotationKey`,
 * `deviceBinding`, `accessRevocation`) are the rotation engine's, documented
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
   * and any route when the access token is a cookie). Default: the issuer's origin.
   */
  origins?: readonly string[];
  /** Cookie settings. */
  cookies?: AuthCookieOptions;
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

/** What login and refresh return: the response body, the cookies to set, and details. */
export interface AuthSession {
  /** Send as the JSON response body. */
  body: TokenResponseBody;
  /** Send each `setCookie` as a `Set-Cookie` header. */
  cookies: CookieSpec[];
  accessToken: string;
  /** Access-token expiry, seconds since the epoch. */
  expiresAt: number;
  subject: string;
  /** The session (family) id, the token's `sid`. */
  sessionId: string;
  /** The opaque refresh token (already in `cookies`; never put it in a body or a log). */
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

/** The facade returned by {@link createAuth}. */
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
  /** The public JWKS (empty `keys` for HMAC-only key sets). */
  jwks(): PublicJwks;
  /**
   * The longest time, in seconds, a revoked session's access token can still
   * pass `authenticate` (DESIGN decision 12): `accessTtl + clockTolerance` in
   * `none` mode, 0 in `session` mode, and in `jti` mode 0 for the token
   * presented at logout but `accessTtl + clockTolerance` for the others.
   */
  readonly revocationDelay: number;
}

/**
 * Creates the facade. Validates the whole configuration now (a `TypeError`
 * names the bad option) and keeps safe defaults: header tokens, 15 minute
 * access TTL, rotating refresh cookie on `/auth`, SameSite=Strict, Secure.
 *
 * @example
 * ```ts
 * const auth = createAuth({ issuer: 'https://app.example', audience: 'app', keys });
 * const session = await auth.login({ subject: 'user-42' });
 * ```
 */
export function createAuth(options: AuthOptions): Auth {
  return createAuthFacade(options);
}
