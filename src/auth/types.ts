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
import type { StepUpRequirement } from './step-up-requirement.js';

export type { StepUpRequirement } from './step-up-requirement.js';

export type { SessionOptionName } from './session-options.js';

/**
 * Where access tokens travel, like Flask-JWT-Extended's `JWT_TOKEN_LOCATION`.
 *
 * @example
 * ```ts
 * createAuth({ issuer, audience, keys, tokenLocation: 'cookie' }); // browser apps: HttpOnly cookies
 * createAuth({ issuer, audience, keys, tokenLocation: 'header' }); // APIs: Authorization: Bearer
 * ```
 */
export type TokenLocation = 'header' | 'cookie' | 'both';

/**
 * Cookie settings shared by every cookie the facade sets.
 *
 * @example
 * ```ts
 * createAuth({ issuer, audience, keys, cookies: { sameSite: 'lax', refreshPath: '/api/auth' } });
 * createAuth({ issuer, audience, keys, cookies: { secure: false } }); // http://localhost only
 * ```
 */
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
 *
 * @example
 * ```ts
 * const options: AuthOptions = {
 *   issuer: 'https://auth.example',
 *   audience: 'api',
 *   keys: await createKeySet({ alg: 'EdDSA', jwk: privateJwk }),
 *   store: new MemoryStore(),
 *   accessTtl: '15m',
 * };
 * const auth = createAuth(options);
 * ```
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

/**
 * The parts of an HTTP request the facade reads.
 *
 * @example
 * ```ts
 * const request: AuthRequest = { method: req.method, headers: req.headers, context: { userAgent: req.headers['user-agent'] } };
 * const session = await auth.refresh(request);
 * ```
 */
export interface AuthRequest {
  method: string;
  headers: HeaderSource;
  /** Device context stored with the session (user agent, IP, …). */
  context?: DeviceContext;
}

/**
 * Input of {@link Auth.login}: who logged in (after your own credential check).
 *
 * @example
 * ```ts
 * const session = await auth.login({ subject: user.id, context: { userAgent: req.headers['user-agent'] } });
 * ```
 */
export interface AuthLoginInput {
  subject: string;
  context?: DeviceContext;
  /** How the user authenticated (RFC 8176): the tokens' `amr` until a step-up. Default `['pwd']`. */
  amr?: readonly string[];
}

/**
 * Input of {@link Auth.stepUp}: the session in which the app has just
 * checked the user again (password, TOTP code, …).
 *
 * @example
 * ```ts
 * await auth.stepUp({ sessionId: req.auth.sessionId, amr: ['otp'], context: { userAgent } });
 * ```
 */
export interface AuthStepUpInput {
  /** The session (the access token's `sid`, or {@link Auth.sessionForStepUp}). */
  sessionId: string;
  /** The methods just checked; they replace the session's `amr`. Default `['pwd']`. */
  amr?: readonly string[];
  /**
   * The device of the request that proved it: becomes the session's stored
   * device context (what `deviceBinding` and `refreshPolicy` compare
   * refreshes with). Leave it out to keep the stored one.
   */
  context?: DeviceContext;
  /** The request's headers: with `fingerprint`, the fingerprint cookie is read from them and kept. */
  headers?: HeaderSource;
}

/**
 * What {@link Auth.stepUp} returns: a fresh access token in the same
 * session. No refresh cookie: the session's refresh token is unchanged.
 * `cookies` holds the access and CSRF cookies when access tokens travel in
 * cookies, and the fingerprint cookie with `fingerprint`.
 *
 * @example
 * ```ts
 * const stepped = await auth.stepUp({ sessionId, amr: ['otp'] });
 * res.json(stepped.body);
 * ```
 */
export interface AuthStepUpResult {
  body: TokenResponseBody;
  /** Non-enumerable, like {@link AuthSession.cookies}. */
  cookies: CookieSpec[];
  accessToken: string;
  /** Access-token expiry, seconds since the epoch. */
  expiresAt: number;
  subject: string;
  sessionId: string;
  /** The double-submit token when access tokens travel in cookies. */
  csrfToken?: string;
}

/**
 * The JSON body of a login or refresh response (DESIGN HTTP contract).
 *
 * @example
 * ```ts
 * const { body } = await auth.login({ subject: user.id });
 * res.json(body); // { accessToken, tokenType: 'Bearer', expiresIn: 900, … }
 * ```
 */
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
 *
 * @example
 * ```ts
 * const auth = createAuth({ ...options, tokenLocation: 'cookie', accessTokenInBody: false });
 * const { body } = await auth.login({ subject: 'u_1' });
 * const { expiresIn } = body as CookieSessionBody; // no accessToken here
 * ```
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

/**
 * Who a verified request belongs to.
 *
 * @example
 * ```ts
 * const { subject, sessionId, claims } = await auth.authenticate<{ role: string }>(request);
 * if (claims.role !== 'admin') throw new AuthError('FORBIDDEN');
 * ```
 */
export interface AuthContext<C extends object = Record<string, unknown>> {
  subject: string;
  sessionId: string;
  claims: AccessClaims & C;
}

/**
 * A session as the HTTP contract lists it (`GET /api/sessions`). Times are ISO 8601.
 *
 * @example
 * ```ts
 * for (const s of await auth.listSessions(userId, currentSessionId)) {
 *   console.log(s.id, s.current ? '(this device)' : '', s.userAgent, s.lastUsedAt);
 * }
 * ```
 */
export interface SessionView {
  id: string;
  current: boolean;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string | null;
}

/**
 * The facade returned by `createAuth`.
 *
 * @example
 * ```ts
 * const auth: Auth = createAuth({ issuer: 'https://auth.example', audience: 'api', keys });
 * const session = await auth.login({ subject: 'user-1' });
 * const { subject } = await auth.verifyAccess(session.accessToken);
 * ```
 */
export interface Auth {
  /** Starts a session for `subject`: access token, refresh cookie (and CSRF/fingerprint cookies). */
  login(input: AuthLoginInput): Promise<AuthSession>;
  /** Rotates the refresh cookie of `request` (Origin checked first) and issues a new access token. */
  refresh(request: AuthRequest): Promise<AuthSession>;
  /** Revokes the session of `request`'s refresh cookie (Origin checked) and returns clearing cookies. Idempotent. */
  logout(request: AuthRequest): Promise<{ cookies: CookieSpec[] }>;
  /** Revokes every session of `subject`. */
  logoutAll(subject: string): Promise<LogoutAllResult>;
  /**
   * Verifies the access token of `request` (header or cookie; CSRF for
   * cookie auth; fingerprint; revocation), then `requirement` (RFC 9470:
   * `maxAge` on `auth_time`, `amr`): a token that falls short is
   * `STEP_UP_REQUIRED`. A requirement given here is checked per call; glue
   * (`requireAuth`) checks its options once at construction.
   */
  authenticate<C extends object = Record<string, unknown>>(
    request: AuthRequest,
    requirement?: StepUpRequirement,
  ): Promise<AuthContext<C>>;
  /** Verifies a bare access token (signature, claims, revocation, `requirement`). Not usable with `fingerprint`. */
  verifyAccess<C extends object = Record<string, unknown>>(
    token: unknown,
    requirement?: StepUpRequirement,
  ): Promise<AuthContext<C>>;
  /**
   * Step-up (RFC 9470): after the app has checked the user again, records
   * the new authentication in the session (`auth_time` = now, `amr`, and
   * the device of `context`) and returns a fresh access token in the same
   * session; the refresh token stays. Rejects with `SESSION_REVOKED`,
   * `REFRESH_TOKEN_EXPIRED` or `STORE_UNAVAILABLE`; a `TypeError` when the
   * store has no `setAuthentication`. One store read and one atomic write.
   *
   * @example
   * ```ts
   * if (!totp.check(code)) throw new AuthError('INVALID_CREDENTIALS');
   * const stepped = await auth.stepUp({ sessionId: req.auth.sessionId, amr: ['otp'] });
   * res.json(stepped.body);
   * ```
   */
  stepUp(input: AuthStepUpInput): Promise<AuthStepUpResult>;
  /**
   * Who asks for a step-up: the session of `request`'s access token when it
   * is valid (an expired one is passed over), else of its refresh cookie
   * (Origin checked; only the current token, nothing rotates). The refresh
   * cookie is how a client whose refresh answered `STEP_UP_REQUIRED`, with
   * its access token expired, proves its session: so a step-up route must
   * be under the refresh cookie's Path (the library's is `/auth/step-up`).
   */
  sessionForStepUp(request: AuthRequest): Promise<{ subject: string; sessionId: string }>;
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

/**
 * The app's check of a step-up request (`POST /auth/step-up`): given the
 * session asking (from its access token, or its refresh cookie when the
 * refresh asked for a step-up) and the JSON body, verify the second factor
 * or password again and return the methods it proved, or `null` to refuse
 * (`INVALID_CREDENTIALS`). Throw an `AuthError` (`RATE_LIMITED`, …) to answer
 * with it.
 *
 * @example
 * ```ts
 * const verifyStepUp: VerifyStepUp = ({ subject, body }) =>
 *   totpFor(subject)?.validate({ token: String((body as { otp?: unknown }).otp) }) === 0
 *     ? { amr: ['otp'] }
 *     : null;
 * ```
 */
export type VerifyStepUp<R = unknown> = (
  input: { subject: string; sessionId: string; body: unknown },
  request: R,
) => Promise<{ amr: readonly string[] } | null> | { amr: readonly string[] } | null;
