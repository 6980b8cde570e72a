/**
 * Security events of the refresh-token lifecycle (DESIGN decision 10). One
 * `onEvent` hook receives every transition, so apps can log, alert or step up
 * to MFA. Events never carry token material: only subject, session id, reason,
 * the device context the app supplied, and the time.
 *
 * @example
 * ```ts
 * const engine = createRotationEngine({
 *   onEvent(event) {
 *     if (event.type === 'refresh.reuse_detected') alertSecurityTeam(event.subject, event.reason);
 *   },
 * });
 * ```
 * @module
 */
import type { AuthErrorCode } from '../core/errors.js';

/**
 * What the app knows about the device of a login or refresh (user agent, IP,
 * anything). Stored with the session, handed to `deviceBinding`, echoed in
 * events and session listings. Keep it small and JSON-serializable.
 *
 * @example
 * ```ts
 * const context: DeviceContext = { userAgent: req.headers['user-agent'], ip: req.ip };
 * ```
 */
export interface DeviceContext {
  readonly userAgent?: string;
  readonly ip?: string;
  readonly [key: string]: string | undefined;
}

/** The session an event is about. */
interface SessionRef {
  /** The session id: the access token's `sid`. */
  readonly sessionId: string;
  /** @deprecated Use `sessionId` (same value). Removed in the next major release. */
  readonly familyId: string;
}

/** Fields every event carries. `at` is the engine clock in ms since the epoch. */
interface EventBase {
  readonly at: number;
  readonly context?: DeviceContext | undefined;
}

/**
 * Why a presented rotated token counted as reuse (suspected theft):
 * - `outside_grace_window`: replayed after the window closed;
 * - `older_generation`: a genuine token (its successor chain ends at the
 *   stored digest) older than the immediate parent of the current token;
 * - `grace_disabled`: `reuseGrace` is 0;
 * - `grace_cap_exceeded`: no longer emitted here. A replay over
 *   `maxGraceReplays` inside the window is refused *without* revoking, as a
 *   `refresh.failed` event with that reason (`RATE_LIMITED`); the name stays
 *   in this union for compatibility.
 *
 * @example
 * ```ts
 * if (event.type === 'refresh.reuse_detected' && event.reason === 'outside_grace_window') page(event);
 * ```
 */
export type ReuseReason =
  | 'outside_grace_window'
  | 'older_generation'
  // Deprecated, never emitted: see RefreshFailureReason `grace_cap_exceeded`.
  | 'grace_cap_exceeded'
  | 'grace_disabled';

/**
 * Why a refresh was refused without being reuse:
 * - `malformed`, `unknown_token`, `wrong_secret`: `REFRESH_TOKEN_INVALID`;
 * - `expired_idle`, `expired_absolute`: `REFRESH_TOKEN_EXPIRED`;
 * - `revoked`: `SESSION_REVOKED`;
 * - `device_mismatch`: the `deviceBinding` policy refused the presented context;
 * - `policy_denied`, `policy_error`: the `refreshPolicy` answered `deny`, or
 *   threw (or answered something else) and so refused
 *   (`REFRESH_TOKEN_INVALID`, nothing revoked);
 * - `step_up_required`: the `refreshPolicy` answered `step-up`
 *   (`STEP_UP_REQUIRED`): nothing rotated, nothing revoked, the client's
 *   token still works once `stepUp` has vouched for its device;
 * - `beyond_lookback`: an old token more than `reuseLookback` generations
 *   behind the session's current one; it cannot be proven genuine cheaply,
 *   so it is refused without revoking anything (`REFRESH_TOKEN_INVALID`);
 * - `rotation_key_mismatch`: no longer emitted. A token rotated by an
 *   instance with another `rotationKey` cannot be told apart from a forgery
 *   and reads as `wrong_secret`; the name stays for compatibility;
 * - `store_unavailable`: the store threw (`STORE_UNAVAILABLE`);
 * - `grace_cap_exceeded`: a genuine replay of the immediate parent inside the
 *   grace window, after `maxGraceReplays` replays were already served. Refused
 *   with `RATE_LIMITED` (429, `Retry-After: 1`) and nothing revoked: an honest
 *   client with many requests in flight must never be logged out, and its
 *   retry carries the successor cookie the other responses set.
 *
 * @example
 * ```ts
 * if (event.type === 'refresh.failed' && event.reason === 'store_unavailable') metrics.inc('store_down');
 * ```
 */
export type RefreshFailureReason =
  | 'malformed'
  | 'unknown_token'
  | 'wrong_secret'
  | 'expired_idle'
  | 'expired_absolute'
  | 'revoked'
  | 'device_mismatch'
  | 'policy_denied'
  | 'policy_error'
  | 'step_up_required'
  | 'beyond_lookback'
  | 'rotation_key_mismatch'
  | 'store_unavailable'
  | 'grace_cap_exceeded';

/**
 * Why a grace replay was served: `concurrent_request` when the request raced
 * the rotation itself (lost the store's compare-and-swap: a benign race), or
 * `replay_within_grace` when it arrived after the rotation but inside the window
 * (a retry, another tab, or a thief joining the family).
 *
 * @example
 * ```ts
 * if (event.type === 'refresh.grace_replay') metrics.inc(`grace.${event.reason}`);
 * ```
 */
export type GraceReplayReason = 'concurrent_request' | 'replay_within_grace';

/**
 * Who revoked a session through {@link AuthEvent} `session.revoked`.
 *
 * @example
 * ```ts
 * if (event.type === 'session.revoked' && event.reason === 'revoked_by_user') audit(event);
 * ```
 */
export type SessionRevokedReason = 'revoked_by_user';

/**
 * Every security event, discriminated by `type`.
 *
 * @example
 * ```ts
 * function onEvent(event: AuthEvent) {
 *   switch (event.type) {
 *     case 'refresh.reuse_detected':
 *       return log.warn({ subject: event.subject, reason: event.reason }, 'refresh token reuse');
 *     case 'refresh.failed':
 *       return log.info({ reason: event.reason }, 'refresh refused');
 *   }
 * }
 * ```
 */
export type AuthEvent =
  | (EventBase & SessionRef & { readonly type: 'login'; readonly subject: string })
  | (EventBase &
      SessionRef & {
        readonly type: 'refresh';
        readonly subject: string;
        readonly generation: number;
      })
  | (EventBase &
      SessionRef & {
        readonly type: 'refresh.grace_replay';
        readonly subject: string;
        readonly reason: GraceReplayReason;
      })
  | (EventBase &
      SessionRef & {
        readonly type: 'refresh.reuse_detected';
        readonly subject: string;
        readonly reason: ReuseReason;
        /** `family` or `subject`, from the `onReuse` option. */
        readonly scope: 'family' | 'subject';
        /** How many families this detection revoked. */
        readonly revokedFamilies: number;
      })
  | (EventBase & {
      readonly type: 'refresh.failed';
      readonly subject?: string | undefined;
      /** The session id, when the token was found. */
      readonly sessionId?: string | undefined;
      /** @deprecated Use `sessionId` (same value). Removed in the next major release. */
      readonly familyId?: string | undefined;
      readonly reason: RefreshFailureReason;
      /**
       * Which rule refused, for refusals by a rule: `deviceBinding` or
       * `refreshPolicy` (with its `decision`, `deny` also for a policy that threw).
       */
      readonly rule?: 'deviceBinding' | 'refreshPolicy' | undefined;
      readonly decision?: 'deny' | 'step-up' | undefined;
    })
  | (EventBase &
      SessionRef & {
        readonly type: 'session.revoked';
        readonly subject: string;
        readonly reason: SessionRevokedReason;
      })
  | (EventBase & SessionRef & { readonly type: 'logout'; readonly subject: string })
  | (EventBase &
      SessionRef & {
        /** A new authentication recorded in the session (`stepUp`, RFC 9470). */
        readonly type: 'step_up';
        readonly subject: string;
        /** The methods just checked: the session's new `amr`. */
        readonly amr: readonly string[];
      })
  | (EventBase & {
      /** An access token was refused by `createAuth().authenticate`/`verifyAccess`. */
      readonly type: 'verify.failed';
      /** The `AuthError` code, e.g. `TOKEN_EXPIRED`. */
      readonly reason: AuthErrorCode;
      /** The claim or header parameter that failed, when known. */
      readonly claim?: string | undefined;
    })
  | (EventBase & {
      readonly type: 'logout_all';
      readonly subject: string;
      readonly revokedFamilies: number;
      readonly tokenVersion: number;
    });

/**
 * The `type` of every {@link AuthEvent}.
 *
 * @example
 * ```ts
 * const alerting: ReadonlySet<AuthEventType> = new Set(['refresh.reuse_detected']);
 * ```
 */
export type AuthEventType = AuthEvent['type'];
