/**
 * The one resolver of rotation-engine options: bad configuration throws a
 * `TypeError` at construction, never per request, and the message names the
 * option as the caller wrote it.
 * @module
 */
import { type Duration, toSeconds } from '../core/duration.js';
import { callable, oneOf, optionalClock, optionsObject } from '../core/options.js';
import type { TokenStore } from './store.js';
import type {
  AccessRevocation,
  EngineOptionNames,
  ResolvedEngineOptions,
  RotationEngineOptions,
} from './types.js';

/**
 * What the caller of {@link resolveEngineOptions} decides: the store used
 * when the options name none (the session layer knows no concrete store),
 * and how messages name each option.
 *
 * @example
 * ```ts
 * const how: EngineResolution = { defaultStore: () => new MemoryStore(), names: { clock: 'clock' } };
 * ```
 */
export interface EngineResolution {
  /** Builds the store when `options.store` is undefined. */
  defaultStore: () => TokenStore;
  /** Option names for messages; an option left out is named as in {@link RotationEngineOptions}. */
  names?: EngineOptionNames;
}

const MIN_KEY_BYTES = 32;
const STORE_METHODS = ['createSession', 'getSession', 'rotate', 'claimGraceReplay'] as const;
const DEFAULT_REUSE_LOOKBACK = 64;
// 64 parallel refreshes from one client: one rotates, at most 63 replay after it.
const DEFAULT_MAX_GRACE_REPLAYS = 64;

/**
 * Checks and resolves {@link RotationEngineOptions} once: durations to
 * milliseconds, defaults applied, the store chosen.
 *
 * @example
 * ```ts
 * const resolved = resolveEngineOptions({ reuseGrace: '2s' }, { defaultStore: () => new MemoryStore() });
 * const engine = buildEngine(resolved);
 * ```
 */
export function resolveEngineOptions(
  options: RotationEngineOptions,
  resolution: EngineResolution,
): ResolvedEngineOptions {
  const name = (option: keyof RotationEngineOptions) => resolution.names?.[option] ?? option;
  optionsObject(options, 'createRotationEngine');
  const accessRevocation = oneOf(
    options.accessRevocation ?? 'none',
    ['none', 'session', 'jti', 'version'],
    name('accessRevocation'),
  );
  const refreshTtlMs = positiveMs(options.refreshTtl ?? '7d', name('refreshTtl'));
  const absoluteTtlMs = positiveMs(options.absoluteTtl ?? '30d', name('absoluteTtl'));
  if (absoluteTtlMs < refreshTtlMs) {
    throw new TypeError(`tokenwarden: ${name('absoluteTtl')} must be >= ${name('refreshTtl')}`);
  }
  return {
    store: store(options.store, resolution.defaultStore, name('store')),
    clock: optionalClock(options.clock, name('clock')),
    refreshTtlMs,
    absoluteTtlMs,
    reuseGraceMs: toSeconds(options.reuseGrace ?? '5s', name('reuseGrace')) * 1000,
    maxGraceReplays: wholeNumber(
      options.maxGraceReplays ?? DEFAULT_MAX_GRACE_REPLAYS,
      name('maxGraceReplays'),
    ),
    reuseLookback: atLeastOne(
      options.reuseLookback ?? DEFAULT_REUSE_LOOKBACK,
      name('reuseLookback'),
    ),
    onReuse: oneOf(options.onReuse ?? 'family', ['family', 'subject'], name('onReuse')),
    rotationKey: rotationKey(options.rotationKey, name('rotationKey')),
    deviceBinding: optionalFunction(options.deviceBinding, name('deviceBinding')),
    refreshPolicy: optionalFunction(options.refreshPolicy, name('refreshPolicy')),
    accessRevocation,
    versionCacheTtlMs: versionCacheTtlMs(options, accessRevocation, name),
    onEvent: optionalFunction(options.onEvent, name('onEvent')),
  };
}

// A cache outside `version` mode would do nothing: say so at start-up.
function versionCacheTtlMs(
  options: RotationEngineOptions,
  mode: AccessRevocation,
  name: (option: keyof RotationEngineOptions) => string,
): number {
  const ms = toSeconds(options.versionCacheTtl ?? 0, name('versionCacheTtl')) * 1000;
  if (ms > 0 && mode !== 'version') {
    throw new TypeError(
      `tokenwarden: ${name('versionCacheTtl')} needs ${name('accessRevocation')}: 'version'`,
    );
  }
  return ms;
}

// A shallow check: a store missing its core methods would otherwise fail
// every request as STORE_UNAVAILABLE instead of at start-up.
function store(value: unknown, fallback: () => TokenStore, option: string): TokenStore {
  if (value === undefined) return fallback();
  const candidate = value as Record<string, unknown> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    !STORE_METHODS.every((method) => typeof candidate[method] === 'function')
  ) {
    throw new TypeError(`tokenwarden: ${option} must be a TokenStore`);
  }
  return value as TokenStore;
}

function positiveMs(value: Duration, option: string): number {
  const seconds = toSeconds(value, option);
  if (seconds === 0) throw new TypeError(`tokenwarden: ${option} must be at least 1 second`);
  return seconds * 1000;
}

function wholeNumber(value: number, option: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`tokenwarden: ${option} must be a whole number >= 0`);
  }
  return value;
}

function atLeastOne(value: number, option: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`tokenwarden: ${option} must be a whole number >= 1`);
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
function rotationKey(value: string | Uint8Array | undefined, option: string): Uint8Array {
  if (value === undefined) return crypto.getRandomValues(new Uint8Array(MIN_KEY_BYTES));
  const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
  if (!(bytes instanceof Uint8Array) || bytes.length < MIN_KEY_BYTES) {
    throw new TypeError(`tokenwarden: ${option} must be at least ${MIN_KEY_BYTES} bytes`);
  }
  return bytes.slice();
}
