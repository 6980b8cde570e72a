/**
 * Validation of `createAuth` options: the whole configuration is checked at
 * construction, so a bad one fails at start-up with a `TypeError`.
 * @module
 */
import type { AuthOptions, TokenLocation } from './auth.js';
import { toSeconds } from '../core/duration.js';
import { callable, oneOf, optionsObject } from '../core/options.js';

/** What the facade keeps of its options once checked. */
export interface ResolvedAuthOptions {
  readonly accessTtl: number;
  /** Seconds a token still passes after its `exp` (the verifier's tolerance). */
  readonly clockTolerance: number;
  readonly refreshPath: string;
  readonly locations: { readonly header: boolean; readonly cookie: boolean };
  readonly origins: readonly string[];
  readonly fingerprint: boolean;
}

const LOCATIONS: readonly TokenLocation[] = ['header', 'cookie', 'both'];

export function resolveAuthOptions(options: AuthOptions): ResolvedAuthOptions {
  const location = oneOf(
    optionsObject(options, 'createAuth').tokenLocation ?? 'header',
    LOCATIONS,
    'tokenLocation',
  );
  if (options.accessClaims !== undefined) callable(options.accessClaims, 'accessClaims');
  return {
    accessTtl: toSeconds(options.accessTtl ?? '15m', 'accessTtl'),
    clockTolerance: toSeconds(options.clockTolerance ?? '5s', 'clockTolerance'),
    refreshPath: refreshPath(options.cookies?.refreshPath ?? '/auth'),
    locations: { header: location !== 'cookie', cookie: location !== 'header' },
    origins: resolveOrigins(options.origins, options.issuer),
    fingerprint: options.fingerprint ?? false,
  };
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
  if (origins !== undefined) return origins;
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
