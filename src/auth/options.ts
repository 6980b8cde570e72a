/**
 * Resolution of `createAuth` options: the whole configuration is checked once,
 * at construction, so a bad one fails at start-up with a `TypeError` that
 * names the option as the caller wrote it. The issuer's, verifier's and
 * engine's own resolvers check their parts (under the facade's names, e.g.
 * `accessTtl` for the issuer's `ttl`), and the facade builds from what they
 * return: nothing is resolved twice.
 * @module
 */
import type { ResolvedEngineOptions } from '../session/types.js';
import { resolveEngineOptions } from '../session/engine-options.js';
import type { AuthEvent } from '../session/events.js';
import { type ResolvedIssuerOptions, resolveIssuerOptions } from '../token/jwt/issuer-options.js';
import {
  type ResolvedVerifierOptions,
  resolveVerifierOptions,
} from '../token/jwt/verifier-options.js';
import { AUTH_BASE_PATH } from '../core/constants.js';
import type { Clock } from '../core/clock.js';
import { callable, oneOf, optionalClock, optionsObject } from '../core/options.js';
import { toAllowedOrigins } from '../http/csrf/allowed-origins.js';
import { defaultEngineStore } from './rotation-engine.js';
import { pickDefined, SESSION_OPTION_NAMES } from './session-options.js';
import type { AuthOptions, TokenLocation } from './types.js';

/** What the facade keeps of its options once checked. */
export interface ResolvedAuthOptions {
  readonly clock: Clock;
  readonly refreshPath: string;
  readonly locations: { readonly header: boolean; readonly cookie: boolean };
  readonly origins: readonly string[];
  readonly fingerprint: boolean;
  /** `accessTokenInBody`: false only in the strict cookie mode. */
  readonly accessTokenInBody: boolean;
  /** What `buildIssuer` takes; its `ttl` is `accessTtl`, in seconds. */
  readonly issuer: ResolvedIssuerOptions;
  /** What `buildVerifier` takes; its `claims.tolerance` is `clockTolerance`, in seconds. */
  readonly verifier: ResolvedVerifierOptions;
  /** What `buildEngine` takes, with the facade's event hook. */
  readonly engine: ResolvedEngineOptions;
}

const LOCATIONS: readonly TokenLocation[] = ['header', 'cookie', 'both'];

/** Checks `options` once; `onEvent` is the facade's hook, handed to the engine. */
export function resolveAuthOptions(
  options: AuthOptions,
  onEvent: (event: AuthEvent) => void,
): ResolvedAuthOptions {
  const location = oneOf(
    optionsObject(options, 'createAuth').tokenLocation ?? 'header',
    LOCATIONS,
    'tokenLocation',
  );
  if (options.accessClaims !== undefined) callable(options.accessClaims, 'accessClaims');
  const clock = optionalClock(options.clock);
  const tokens = { keys: options.keys, issuer: options.issuer, audience: options.audience, clock };
  const issuer = resolveIssuerOptions(
    { ...tokens, ttl: options.accessTtl ?? '15m' },
    { ttl: 'accessTtl' },
  );
  const engine = resolveEngineOptions(
    { ...pickDefined(options, SESSION_OPTION_NAMES), clock, onEvent },
    { defaultStore: defaultEngineStore },
  );
  // DESIGN decision 12: no cache may outlast what the stateless mode already allows.
  if (engine.versionCacheTtlMs > issuer.ttl * 1000) {
    throw new TypeError('tokenwarden: versionCacheTtl must not exceed accessTtl');
  }
  return {
    clock,
    refreshPath: refreshPath(options.cookies?.refreshPath ?? AUTH_BASE_PATH),
    locations: { header: location !== 'cookie', cookie: location !== 'header' },
    origins: resolveOrigins(options.origins, options.issuer),
    fingerprint: options.fingerprint ?? false,
    accessTokenInBody: accessTokenInBody(options.accessTokenInBody, location),
    issuer,
    verifier: resolveVerifierOptions({ ...tokens, clockTolerance: options.clockTolerance ?? '5s' }),
    engine,
  };
}

// Without the token in the body, a header client would have nothing to send.
function accessTokenInBody(value: unknown, location: TokenLocation): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'boolean')
    throw new TypeError('tokenwarden: accessTokenInBody must be a boolean');
  if (!value && location !== 'cookie') {
    throw new TypeError(
      "tokenwarden: accessTokenInBody: false needs tokenLocation: 'cookie' (header clients read the token from the body)",
    );
  }
  return value;
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
