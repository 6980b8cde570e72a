/**
 * Validation of `createRotationEngine` options: bad configuration throws a
 * `TypeError` at construction, never per request.
 * @module
 */
import type { DeviceContext, AuthEvent } from './events.js';
import type { TokenStore } from './store.js';
import { MemoryStore } from '../stores/memory/memory-store.js';
import { type Clock, systemClock } from '../core/clock.js';
import { type Duration, toSeconds } from '../core/duration.js';
import { callable, oneOf } from '../core/options.js';

/**
 * How (and how fast) a revoked session's access tokens stop passing.
 *
 * @example
 * ```ts
 * createRotationEngine({ accessRevocation: 'session' }); // revocation delay 0, one store read per request
 * ```
 */
export type AccessRevocation = 'none' | 'session' | 'jti';

/**
 * Decides whether a refresh from `presented` may continue a family created on `stored`.
 *
 * @example
 * ```ts
 * const sameBrowser: DeviceBinding = (stored, presented) => stored.userAgent === presented.userAgent;
 * ```
 */
export type DeviceBinding = (stored: DeviceContext, presented: DeviceContext) => boolean;

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
   * Where families live. Default: a new `MemoryStore` on the engine's clock
   * (one process only). When you pass a `MemoryStore` and a custom `clock`,
   * give the store the same clock: the engine writes expiry times, the store
   * compares them with its own clock.
   */
  store?: TokenStore;
  /** Milliseconds since the epoch. Default `Date.now`; inject one in tests instead of sleeping. */
  clock?: Clock;
  /** Idle lifetime, sliding: each rotation pushes it forward (never past `absoluteTtl`). Default `"7d"`. */
  refreshTtl?: Duration;
  /** Absolute lifetime of a family from login, whatever its activity. Default `"30d"`. */
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
   * Requests that raced the rotation itself (lost the store's CAS) are not
   * counted. Beyond the cap, a replay is reuse. Default 3.
   */
  maxGraceReplays?: number;
  /** On reuse, revoke the token's `family` (default) or every family of the `subject`. */
  onReuse?: 'family' | 'subject';
  /**
   * Secret (>= 32 bytes) from which successors are derived, so a grace replay
   * gets the same successor back without the store holding it. Default: 32
   * random bytes per engine, which is right for one process only. **Every
   * server instance sharing a store MUST configure the same key.** With
   * different keys, a replay served by another instance fails closed
   * (`REFRESH_TOKEN_INVALID`, event reason `rotation_key_mismatch`) instead
   * of handing out a token the store does not know. Rotating the key only
   * affects replays of rotations made before the change.
   */
  rotationKey?: string | Uint8Array;
  /**
   * Optional device-binding policy: return `false` to refuse a refresh whose
   * presented context does not match the one stored at login
   * (`REFRESH_TOKEN_INVALID`, event reason `device_mismatch`; the family is
   * not revoked). A throwing policy refuses. Off by default.
   */
  deviceBinding?: DeviceBinding;
  /**
   * How access tokens of a revoked session stop passing, read by the facade
   * through `engine.isAccessRevoked`. The revocation delay is the
   * longest time such a token can still pass:
   * - `none` (default): stateless; delay = the access-token TTL; no store read.
   * - `session`: the token's `sid` must be an active family; delay = 0, one
   *   store read per verification.
   * - `jti`: the token's `jti` must not be denylisted (`denyJti` on logout);
   *   delay = 0 for tokens you denylist, the access TTL for those you did not
   *   (e.g. other devices on logout-all); one store read per verification.
   */
  accessRevocation?: AccessRevocation;
  /** Receives every security event. Its errors are ignored. Never gets token material. */
  onEvent?: (event: AuthEvent) => void | Promise<void>;
}

/** Options after validation, durations in milliseconds. */
export interface ResolvedOptions {
  readonly store: TokenStore;
  readonly clock: Clock;
  readonly refreshTtlMs: number;
  readonly absoluteTtlMs: number;
  readonly reuseGraceMs: number;
  readonly maxGraceReplays: number;
  readonly onReuse: 'family' | 'subject';
  readonly rotationKey: Uint8Array;
  readonly deviceBinding: DeviceBinding | undefined;
  readonly accessRevocation: AccessRevocation;
  readonly onEvent: ((event: AuthEvent) => void | Promise<void>) | undefined;
}

const MIN_KEY_BYTES = 32;

export function resolveOptions(options: RotationEngineOptions): ResolvedOptions {
  const clock = options.clock ?? systemClock;
  const refreshTtlMs = positiveMs(options.refreshTtl ?? '7d', 'refreshTtl');
  const absoluteTtlMs = positiveMs(options.absoluteTtl ?? '30d', 'absoluteTtl');
  if (absoluteTtlMs < refreshTtlMs) {
    throw new TypeError('tokenwarden: absoluteTtl must be >= refreshTtl');
  }
  return {
    store: options.store ?? new MemoryStore({ clock }),
    clock,
    refreshTtlMs,
    absoluteTtlMs,
    reuseGraceMs: toSeconds(options.reuseGrace ?? '5s', 'reuseGrace') * 1000,
    maxGraceReplays: wholeNumber(options.maxGraceReplays ?? 3, 'maxGraceReplays'),
    onReuse: oneOf(options.onReuse ?? 'family', ['family', 'subject'], 'onReuse'),
    rotationKey: rotationKey(options.rotationKey),
    deviceBinding: optionalFunction(options.deviceBinding, 'deviceBinding'),
    accessRevocation: oneOf(
      options.accessRevocation ?? 'none',
      ['none', 'session', 'jti'],
      'accessRevocation',
    ),
    onEvent: optionalFunction(options.onEvent, 'onEvent'),
  };
}

function positiveMs(value: Duration, option: string): number {
  const seconds = toSeconds(value, option);
  if (seconds === 0) throw new TypeError(`tokenwarden: ${option} must be greater than 0`);
  return seconds * 1000;
}

function wholeNumber(value: number, option: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`tokenwarden: ${option} must be a whole number >= 0`);
  }
  return value;
}

function optionalFunction<T extends (...args: never[]) => unknown>(
  value: T | undefined,
  option: string,
): T | undefined {
  return value === undefined ? undefined : callable<T>(value, option);
}

// The default key is random per engine: fine for one process, but instances
// sharing a store must share the key (see the `rotationKey` JSDoc).
function rotationKey(value: string | Uint8Array | undefined): Uint8Array {
  if (value === undefined) return crypto.getRandomValues(new Uint8Array(MIN_KEY_BYTES));
  const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
  if (!(bytes instanceof Uint8Array) || bytes.length < MIN_KEY_BYTES) {
    throw new TypeError(`tokenwarden: rotationKey must be at least ${MIN_KEY_BYTES} bytes`);
  }
  return bytes.slice();
}
