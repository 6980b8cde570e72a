/**
 * Public types of the session layer: the rotation engine's options, inputs
 * and results. Implementation files import them from here, never from the
 * layer's face (`rotation-engine.ts`). Events are in `events.ts`, the store
 * contract in `store.ts`.
 *
 * Units: public durations are seconds or duration strings (`"7d"`); times
 * named `…At` are milliseconds since the epoch; `expiresIn` is seconds.
 * @module
 */
import type { Clock } from '../core/clock.js';
import type { Duration } from '../core/duration.js';
import type { AuthEvent, DeviceContext } from './events.js';
import type { SessionRecord, TokenStore } from './store.js';

/**
 * How (and how fast) a revoked session's access tokens stop passing.
 *
 * @example
 * ```ts
 * createRotationEngine({ accessRevocation: 'session' }); // revocation delay 0, one store read per request
 * createRotationEngine({ accessRevocation: 'version' }); // logout-all ends every access token at once
 * ```
 */
export type AccessRevocation = 'none' | 'session' | 'jti' | 'version';

/**
 * Decides whether a refresh from `presented` may continue a session created on `stored`.
 *
 * @example
 * ```ts
 * const sameBrowser: DeviceBinding = (stored, presented) => stored.userAgent === presented.userAgent;
 * ```
 */
export type DeviceBinding = (stored: DeviceContext, presented: DeviceContext) => boolean;

/**
 * What a {@link RefreshPolicy} answers: rotate (`allow`), refuse
 * (`deny`: `REFRESH_TOKEN_INVALID`, the session stays), or ask for a second
 * factor first (`step-up`: `STEP_UP_REQUIRED`, no rotation, no revocation,
 * until `stepUp` vouches for the presented device).
 *
 * @example
 * ```ts
 * const decision: RefreshDecision = 'step-up';
 * ```
 */
export type RefreshDecision = 'allow' | 'deny' | 'step-up';

/**
 * The session as a {@link RefreshPolicy} sees it: the stored record, with
 * `authTime` and `amr` always set (older records read as authenticated at
 * `createdAt` with `amr: []`).
 *
 * @example
 * ```ts
 * const fresh = (s: PolicySession, now: number) => now - s.authTime < 300_000;
 * ```
 */
export type PolicySession = SessionRecord & {
  readonly authTime: number;
  readonly amr: readonly string[];
};

/**
 * Decides each refresh of a genuine, live session before it rotates, from
 * the session (its device context stored at login or at the last step-up,
 * `authTime`, `amr`) and the context the refresh presents. Sync or async. A
 * policy that throws or answers anything else refuses (`deny`): fail closed.
 *
 * @example
 * ```ts
 * const refreshPolicy: RefreshPolicy = (session, presented) =>
 *   session.device?.userAgent === presented.userAgent ? 'allow' : 'step-up';
 * ```
 */
export type RefreshPolicy = (
  session: PolicySession,
  presented: DeviceContext,
) => RefreshDecision | Promise<RefreshDecision>;

/**
 * Options of `createRotationEngine`. Durations are seconds or strings
 * such as `"5s"`, `"7d"`.
 *
 * @example
 * ```ts
 * const options: RotationEngineOptions = {
 *   store: new RedisStore({ client }),
 *   rotationKey: process.env.ROTATION_KEY, // the same on every instance
 *   refreshTtl: '7d',
 *   absoluteTtl: '30d',
 *   reuseGrace: '5s',
 *   onReuse: 'subject',
 *   accessRevocation: 'session',
 * };
 * ```
 */
export interface RotationEngineOptions {
  /**
   * Where sessions live. Default: a new `MemoryStore` (one process only).
   * The engine hands the store its own time (`now`) on every call, so the
   * store needs no clock of its own.
   */
  store?: TokenStore;
  /** Milliseconds since the epoch. Default `Date.now`; inject one in tests instead of sleeping. */
  clock?: Clock;
  /** Idle lifetime, sliding: each rotation pushes it forward (never past `absoluteTtl`). Default `"7d"`. */
  refreshTtl?: Duration;
  /** Absolute lifetime of a session from login, whatever its activity. Default `"30d"`. */
  absoluteTtl?: Duration;
  /**
   * Grace window, measured from a token's rotation, in which presenting that
   * same token again returns the same successor instead of counting as reuse
   * (tabs and retries racing). Default `"5s"`; `0` disables it (every
   * repeat, even a concurrent one, is reuse).
   */
  reuseGrace?: Duration;
  /**
   * Replays served per rotated token after its rotation, inside the window.
   * Requests that raced the rotation itself are not counted: on the regular
   * path those that read the previous generation and lost the store's CAS,
   * on the one-call fast path (`TokenStore.rotateIfCurrent`) those of this
   * process that were in flight when another of its requests rotated the
   * session. Beyond the cap a replay is refused with `RATE_LIMITED` (429,
   * `Retry-After`) but revokes nothing: inside the window the parent is what
   * an honest client with many requests in flight sends. Default 64, so 64
   * parallel refreshes from one client all get the same successor; `0` serves
   * only the requests that raced the rotation itself.
   */
  maxGraceReplays?: number;
  /**
   * How many generations back an old refresh token can still be proven
   * genuine (and so trip reuse detection), by re-deriving its successors up
   * to the current one: at most this many HMACs per presented token. An older
   * token is refused without revoking anything (`REFRESH_TOKEN_INVALID`,
   * event reason `beyond_lookback`): the residual risk is a thief who sits on
   * a stolen token until the session has rotated more than this many times.
   * Default 64; at least 1.
   */
  reuseLookback?: number;
  /** On reuse, revoke the token's `family` (its session, default) or every session of the `subject`. */
  onReuse?: 'family' | 'subject';
  /**
   * Secret (>= 32 bytes) from which successors are derived
   * (HMAC-SHA-256(key, token)), so a grace replay gets the same successor
   * back and an old token can be proven genuine, without the store holding
   * any token. Default: 32 random bytes per engine, which is right for one
   * process only. **Every server instance sharing a store MUST configure the
   * same key.** With different keys, a token rotated by another instance
   * cannot be re-derived here and reads as a forgery (`REFRESH_TOKEN_INVALID`,
   * event reason `wrong_secret`): it fails closed and never revokes. Changing
   * the key has the same effect on replays and old tokens of rotations made
   * before the change; current tokens keep working.
   */
  rotationKey?: string | Uint8Array;
  /**
   * Optional device-binding policy: return `false` to refuse a refresh whose
   * presented context does not match the one stored at login
   * (`REFRESH_TOKEN_INVALID`, event reason `device_mismatch`; the session is
   * not revoked). A throwing policy refuses. Off by default. The policy
   * needs the stored record before a rotation, so with it every refresh
   * reads the session first (no one-call fast path).
   */
  deviceBinding?: DeviceBinding;
  /**
   * Optional policy run on every refresh of a genuine, live session, after
   * `deviceBinding`: `allow`, `deny` (`REFRESH_TOKEN_INVALID`, event reason
   * `policy_denied`, the session is not revoked) or `step-up`
   * (`STEP_UP_REQUIRED`, event reason `step_up_required`: nothing rotates,
   * nothing is revoked, the client keeps its refresh token). After the app
   * has checked a second factor and called `stepUp` with the refreshing
   * request's context, the session's stored device is that context, so a
   * policy comparing devices allows the next refresh. A throwing policy
   * refuses (`policy_error`). Off by default; costs no store read (the
   * refresh reads the session anyway), but with a policy or `deviceBinding`
   * the refresh always reads the session before rotating.
   */
  refreshPolicy?: RefreshPolicy;
  /**
   * How access tokens of a revoked session stop passing, read by the facade
   * through `engine.isAccessRevoked`. The revocation delay is the
   * longest time such a token can still pass:
   * - `none` (default): stateless; delay = the access-token TTL; no store read.
   * - `session`: the token's `sid` must be an active session; delay = 0, one
   *   store read per verification.
   * - `jti`: the token's `jti` must not be denylisted (`denyJti` on logout);
   *   delay = 0 for tokens you denylist, the access TTL for those you did not
   *   (e.g. other devices on logout-all); one store read per verification.
   * - `version`: the token's `ver` must equal its subject's current token
   *   version, which `logoutAll` and reuse detection with `onReuse: 'subject'`
   *   bump: every access token of that user, on every device, stops at once.
   *   One store read per subject per verification (none while
   *   `versionCacheTtl` holds it); delay = `versionCacheTtl` for logout-all
   *   and subject-wide reuse, the access TTL for a single session's logout.
   */
  accessRevocation?: AccessRevocation;
  /**
   * With `accessRevocation: 'version'`: how long this process may keep a
   * subject's token version without reading the store again. It *is* the
   * revocation delay of logout-all on other instances (this instance learns
   * of its own bumps at once). Bounded to 10,000 subjects. Default `0` (off:
   * one store read per verification); only allowed in `version` mode.
   */
  versionCacheTtl?: Duration;
  /** Receives every security event. Its errors are ignored. Never gets token material. */
  onEvent?: (event: AuthEvent) => void | Promise<void>;
}

/**
 * How error messages name each engine option: a caller that exposes the
 * options under other names (a facade) passes its own, so a `TypeError`
 * names the option the user wrote.
 *
 * @example
 * ```ts
 * resolveEngineOptions(options, { defaultStore, names: { refreshTtl: 'session.refreshTtl' } });
 * ```
 */
export type EngineOptionNames = Partial<Record<keyof RotationEngineOptions, string>>;

/**
 * Engine options after validation: durations in milliseconds, defaults
 * applied, a store chosen. Built once by `resolveEngineOptions`.
 *
 * @example
 * ```ts
 * const engine = buildEngine(resolveEngineOptions(options, { defaultStore: () => new MemoryStore() }));
 * ```
 */
export interface ResolvedEngineOptions {
  readonly store: TokenStore;
  readonly clock: Clock;
  readonly refreshTtlMs: number;
  readonly absoluteTtlMs: number;
  readonly reuseGraceMs: number;
  readonly maxGraceReplays: number;
  readonly reuseLookback: number;
  readonly onReuse: 'family' | 'subject';
  readonly rotationKey: Uint8Array;
  readonly deviceBinding: DeviceBinding | undefined;
  readonly refreshPolicy: RefreshPolicy | undefined;
  readonly accessRevocation: AccessRevocation;
  /** `versionCacheTtl` in ms (0: no cache). */
  readonly versionCacheTtlMs: number;
  readonly onEvent: ((event: AuthEvent) => void | Promise<void>) | undefined;
}

/**
 * Input of {@link RotationEngine.login}.
 *
 * @example
 * ```ts
 * await engine.login({ subject: user.id, context: { userAgent: req.get('user-agent') } });
 * ```
 */
export interface LoginInput {
  /** Who logged in (user id). */
  subject: string;
  /** Device context stored with the session (user agent, IP, …). */
  context?: DeviceContext;
  /**
   * How the user authenticated (RFC 8176 method names): the access tokens'
   * `amr` until a step-up. Default `['pwd']` (a password login); pass e.g.
   * `['pwd', 'otp']` when the login itself checked a second factor.
   */
  amr?: readonly string[];
}

/**
 * Input of {@link RotationEngine.stepUp}: the session a new authentication
 * was made in, after the app checked it (password again, a TOTP code, …).
 *
 * @example
 * ```ts
 * await engine.stepUp({ sessionId: claims.sid, amr: ['otp'], context: { userAgent } });
 * ```
 */
export interface StepUpInput {
  /** The session (the access token's `sid`). */
  sessionId: string;
  /** The methods just checked (RFC 8176): they replace the session's `amr`. Default `['pwd']`. */
  amr?: readonly string[];
  /**
   * The device the new authentication vouched for: becomes the session's
   * stored device context, which `deviceBinding` and `refreshPolicy` compare
   * refreshes with. Leave it out to keep the stored one.
   */
  context?: DeviceContext;
}

/**
 * What {@link RotationEngine.stepUp} returns: what an access token of the
 * session needs. No refresh token: the session's current one stays valid.
 *
 * @example
 * ```ts
 * const { subject, sessionId, authTime, amr } = await engine.stepUp({ sessionId, amr: ['otp'] });
 * ```
 */
export interface StepUpGrant {
  readonly subject: string;
  readonly sessionId: string;
  /** The new authentication time (ms since the epoch). */
  readonly authTime: number;
  readonly amr: readonly string[];
  /** The subject's token version: the access token's `ver`. */
  readonly tokenVersion: number;
}

/**
 * Options of {@link RotationEngine.refresh} and {@link RotationEngine.logout}.
 *
 * @example
 * ```ts
 * await engine.refresh(cookieValue, { context: { userAgent: req.get('user-agent') } });
 * ```
 */
export interface RefreshOptions {
  /** Context of the refreshing request, for `deviceBinding` and events. */
  context?: DeviceContext;
  /**
   * Runs once the presented token has proven genuine and current (or a
   * grace replay of its parent), right before the store is changed. A throw
   * aborts the refresh and leaves the session as it was, so the client's
   * token stays the current one: do here whatever could fail before the
   * response can be built (the facade computes `accessClaims` here).
   *
   * @example
   * ```ts
   * let claims = {};
   * const grant = await engine.refresh(cookie, {
   *   beforeRotate: async (subject) => { claims = await loadClaims(subject); },
   * });
   * ```
   */
  beforeRotate?: (subject: string) => void | Promise<void>;
}

/**
 * A refresh token handed to the client, with what the caller needs for the
 * cookie and the access token.
 *
 * @example
 * ```ts
 * const { refreshToken, sessionId, expiresIn } = await engine.refresh(cookieValue);
 * res.cookie('rt', refreshToken, { maxAge: expiresIn * 1000, httpOnly: true });
 * ```
 */
export interface RefreshTokenGrant {
  /** The opaque `<sessionId>.<generation>.<secret>` token: put it in the refresh cookie, nowhere else. */
  readonly refreshToken: string;
  /** The session id: the access token's `sid`. */
  readonly sessionId: string;
  /** @deprecated Use `sessionId` (same value). Removed in the next major release. */
  readonly familyId: string;
  readonly subject: string;
  /** 0 at login, +1 per rotation. */
  readonly generation: number;
  /** When this token stops working if unused (ms since the epoch): the earlier of idle and absolute expiry. */
  readonly expiresAt: number;
  /** Seconds until `expiresAt`, rounded down: the cookie's `Max-Age`. */
  readonly expiresIn: number;
  /** When the session ends whatever its activity (ms since the epoch). */
  readonly absoluteExpiresAt: number;
  /** The device context stored at login. */
  readonly device: DeviceContext | null;
  /**
   * The subject's token version, read before the session was created or
   * advanced (so a logout-all that ends this session also outdates it): the
   * access token's `ver` claim.
   */
  readonly tokenVersion: number;
  /** When the user last really authenticated in this session (ms): the access token's `auth_time`. */
  readonly authTime: number;
  /** How (RFC 8176): the access token's `amr`. */
  readonly amr: readonly string[];
}

/**
 * One active session as `listSessions` reports it. Times in ms since the epoch.
 *
 * @example
 * ```ts
 * for (const s of await engine.listSessions(user.id)) console.log(s.sessionId, s.device?.userAgent, new Date(s.lastUsedAt));
 * ```
 */
export interface SessionInfo {
  /** The session id: the access token's `sid`. */
  readonly sessionId: string;
  /** @deprecated Use `sessionId` (same value). Removed in the next major release. */
  readonly id: string;
  /** ms since the epoch. */
  readonly createdAt: number;
  /** ms since the epoch. */
  readonly lastUsedAt: number;
  /** Earlier of idle and absolute expiry (ms since the epoch). */
  readonly expiresAt: number;
  /** ms since the epoch. */
  readonly absoluteExpiresAt: number;
  readonly device: DeviceContext | null;
}

/**
 * What {@link RotationEngine.logoutAll} did.
 *
 * @example
 * ```ts
 * const { revokedFamilies, tokenVersion } = await engine.logoutAll(user.id);
 * ```
 */
export interface LogoutAllResult {
  /** How many sessions were revoked. */
  readonly revokedFamilies: number;
  /** The subject's new token version. */
  readonly tokenVersion: number;
}

/**
 * The claims {@link RotationEngine.isAccessRevoked} reads from a verified access token.
 *
 * @example
 * ```ts
 * const revoked = await engine.isAccessRevoked({ sid: claims.sid, jti: claims.jti, sub: claims.sub, ver: claims.ver });
 * ```
 */
export interface AccessRevocationClaims {
  sid?: string;
  jti?: string;
  /** The subject, read in `version` mode. */
  sub?: string;
  /** The token version the token was issued with, read in `version` mode. */
  ver?: number;
}

/**
 * The engine returned by `createRotationEngine`.
 *
 * @example
 * ```ts
 * const engine: RotationEngine = createRotationEngine();
 * const grant = await engine.login({ subject: 'user-1' });
 * ```
 */
export interface RotationEngine {
  /** Starts a session and returns its first refresh token. */
  login(input: LoginInput): Promise<RefreshTokenGrant>;
  /**
   * Rotates a refresh token. Rejects with `REFRESH_TOKEN_INVALID`,
   * `REFRESH_TOKEN_EXPIRED`, `REFRESH_TOKEN_REUSED` (the session, or every
   * session of the subject, is then revoked), `SESSION_REVOKED` or
   * `STORE_UNAVAILABLE`, nothing else.
   */
  refresh(token: unknown, options?: RefreshOptions): Promise<RefreshTokenGrant>;
  /** Revokes the session of a refresh token. `false` when the token is not a valid one or the session already ended. */
  logout(token: unknown, options?: RefreshOptions): Promise<boolean>;
  /**
   * Records a new authentication in an active session (RFC 9470 step-up):
   * `authTime` = now, `amr` = `input.amr`, and the stored device =
   * `input.context` when given. Same session, same refresh token. Rejects
   * with `SESSION_REVOKED`, `REFRESH_TOKEN_EXPIRED`, `REFRESH_TOKEN_INVALID`
   * (unknown session) or `STORE_UNAVAILABLE`; a `TypeError` when the store
   * has no `setAuthentication`.
   */
  stepUp(input: StepUpInput): Promise<StepUpGrant>;
  /**
   * The session a presented refresh token belongs to, when it is the
   * session's current token and the session is live; rotates nothing and
   * runs no refresh policy (it is how a client whose refresh asked for a
   * step-up proves which session it holds). Rejects like `refresh`.
   */
  sessionOfRefreshToken(token: unknown): Promise<{ subject: string; sessionId: string }>;
  /** Revokes every session of the subject and bumps its token version. */
  logoutAll(subject: string): Promise<LogoutAllResult>;
  /** The subject's active sessions, most recently used first. */
  listSessions(subject: string): Promise<SessionInfo[]>;
  /** Revokes one of the subject's sessions. `false` for an unknown, ended or other subject's session. */
  revokeSession(subject: string, sessionId: string): Promise<boolean>;
  /** `true` when the session exists, is active and has not expired. */
  isSessionActive(sessionId: string): Promise<boolean>;
  /** Denylists an access token's `jti` until its `exp` (JWT NumericDate, seconds). */
  denyJti(jti: string, exp: number): Promise<void>;
  /** `true` while the `jti` is denylisted. */
  isJtiDenied(jti: string): Promise<boolean>;
  /** Applies the `accessRevocation` mode to a verified access token's `sid`, `jti` or `sub` and `ver`. */
  isAccessRevoked(claims: AccessRevocationClaims): Promise<boolean>;
  /** The subject's token version (0 until the first logout-all). */
  getTokenVersion(subject: string): Promise<number>;
  /** The configured access-token revocation mode. */
  readonly accessRevocation: AccessRevocation;
}
