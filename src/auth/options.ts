/**
 * Resolution of `createAuth` options: the whole configuration is checked at
 * construction, so a bad one fails at start-up with a `TypeError` that names
 * the option as the caller wrote it. The durations the facade hands down are
 * resolved here under their `createAuth` names, then passed on as seconds;
 * what the issuer, verifier and engine receive is assembled here too, in one
 * place each, so the facade only builds.
 * @module
 */
import type { IssuerOptions } from '../token/issuer.js';
import type { VerifierOptions } from '../token/verifier.js';
import type { RotationEngineOptions } from '../session/rotation-engine.js';
import { AUTH_BASE_PATH } from '../core/constants.js';
import { type Clock, systemClock } from '../core/clock.js';
import { type Duration, toSeconds } from '../core/duration.js';
import { callable, oneOf, optionsObject } from '../core/options.js';
import { toAllowedOrigins } from '../http/csrf/allowed-origins.js';
import { pickDefined, SESSION_OPTION_NAMES } from './session-options.js';
import type { AuthOptions, TokenLocation } from './types.js';

/** What the facade keeps of its options once checked. Durations in seconds. */
export interface ResolvedAuthOptions {
  readonly accessTtl: number;
  /** Seconds a token still passes after its `exp` (the verifier's tolerance). */
  readonly clockTolerance: number;
  /** The refresh-family lifetimes, when set (the engine applies its defaults otherwise). */
  readonly sessionTtls: SessionTtls;
  readonly clock: Clock;
  readonly refreshPath: string;
  readonly locations: { readonly header: boolean; readonly cookie: boolean };
  readonly origins: readonly string[];
  readonly fingerprint: boolean;
  /** What the facade hands to `createIssuer`. */
  readonly issuerOptions: IssuerOptions;
  /** What the facade hands to `createVerifier`. */
  readonly verifierOptions: VerifierOptions;
  /** What the facade hands to `createRotationEngine`, but `onEvent` (the facade's own). */
  readonly engineOptions: RotationEngineOptions;
}

/** The engine's durations as `createAuth` resolved them, in seconds; absent when not set. */
export interface SessionTtls {
  readonly refreshTtl?: number;
  readonly absoluteTtl?: number;
  readonly reuseGrace?: number;
}

const LOCATIONS: readonly TokenLocation[] = ['header', 'cookie', 'both'];

export function resolveAuthOptions(options: AuthOptions): ResolvedAuthOptions {
  const location = oneOf(
    optionsObject(options, 'createAuth').tokenLocation ?? 'header',
    LOCATIONS,
    'tokenLocation',
  );
  if (options.accessClaims !== undefined) callable(options.accessClaims, 'accessClaims');
  const accessTtl = atLeastOneSecond(options.accessTtl ?? '15m', 'accessTtl');
  const clockTolerance = toSeconds(options.clockTolerance ?? '5s', 'clockTolerance');
  const sessionTtls = resolveSessionTtls(options);
  const clock = options.clock ?? systemClock;
  const tokens = { keys: options.keys, issuer: options.issuer, audience: options.audience, clock };
  return {
    accessTtl,
    clockTolerance,
    sessionTtls,
    clock,
    refreshPath: refreshPath(options.cookies?.refreshPath ?? AUTH_BASE_PATH),
    locations: { header: location !== 'cookie', cookie: location !== 'header' },
    origins: resolveOrigins(options.origins, options.issuer),
    fingerprint: options.fingerprint ?? false,
    issuerOptions: { ...tokens, ttl: accessTtl },
    verifierOptions: { ...tokens, clockTolerance },
    engineOptions: { ...pickDefined(options, SESSION_OPTION_NAMES), ...sessionTtls, clock },
  };
}

function resolveSessionTtls(options: AuthOptions): SessionTtls {
  const ttls: { refreshTtl?: number; absoluteTtl?: number; reuseGrace?: number } = {};
  if (options.refreshTtl !== undefined) {
    ttls.refreshTtl = atLeastOneSecond(options.refreshTtl, 'refreshTtl');
  }
  if (options.absoluteTtl !== undefined) {
    ttls.absoluteTtl = atLeastOneSecond(options.absoluteTtl, 'absoluteTtl');
  }
  if (options.reuseGrace !== undefined) {
    ttls.reuseGrace = toSeconds(options.reuseGrace, 'reuseGrace');
  }
  if (
    ttls.refreshTtl !== undefined &&
    ttls.absoluteTtl !== undefined &&
    ttls.absoluteTtl < ttls.refreshTtl
  ) {
    throw new TypeError('tokenwarden: absoluteTtl must be >= refreshTtl');
  }
  return ttls;
}

function atLeastOneSecond(value: Duration, option: string): number {
  const seconds = toSeconds(value, option);
  if (seconds === 0) throw new TypeError(`tokenwarden: ${option} must be at least 1 second`);
  return seconds;
}

function refreshPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/')) {
    throw new TypeError('tokenwarden: cookies.refreshPath must be a path starting with "/"');
  }
  return value;
}

// The refresh and logout routes always check Origin (DESIGN, HTTP contract), so
// the facade must know the app's own origin. An issuer that is an http(s) URL
// names it; otherwise the caller must say.
function resolveOrigins(origins: readonly string[] | undefined, issuer: string): readonly string[] {
  if (origins !== undefined) return [...toAllowedOrigins(origins, 'origins')];
  const fromIssuer = originOf(issuer);
  if (fromIssuer === undefined) {
    throw new TypeError(
      'tokenwarden: origins is required when issuer is not an http(s) URL (the origins allowed to call the refresh and logout routes)',
    );
  }
  return [fromIssuer];
}

function originOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}
