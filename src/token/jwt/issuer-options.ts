/**
 * Resolves the issuer's options once, and checks each `issue()` input.
 * @module
 */
import type { Clock } from '../../core/clock.js';
import { toSeconds } from '../../core/duration.js';
import {
  nonEmptyString,
  type OptionNames,
  optionalClock,
  optionNamer,
  optionsObject,
  stringSet,
} from '../../core/options.js';
import { keySetInternals } from '../keys/key-set.js';
import type { ResolvedKey } from '../keys/resolved-key.js';
import type { IssueInput, IssuerOptions } from '../types.js';
import { RESERVED_CLAIMS } from './access-claims.js';
import { assertJsonClaims, isPlainObject } from './json-claims.js';

/** {@link IssuerOptions} once checked: what `buildIssuer` takes. */
export interface ResolvedIssuerOptions {
  readonly key: ResolvedKey;
  readonly issuer: string;
  readonly audience: string | readonly string[];
  /** Seconds, at least 1. */
  readonly ttl: number;
  readonly clock: Clock;
}

/**
 * Checks {@link IssuerOptions} once, at construction; a `TypeError` for
 * anything wrong, naming each option as `names` says (default: its own name).
 *
 * @example
 * ```ts
 * const resolved = resolveIssuerOptions({ keys, issuer, audience, ttl: accessTtl }, { ttl: 'accessTtl' });
 * const issuer = buildIssuer(resolved);
 * ```
 */
export function resolveIssuerOptions(
  options: IssuerOptions,
  names?: OptionNames<IssuerOptions>,
): ResolvedIssuerOptions {
  const name = optionNamer(names);
  const { signing } = keySetInternals(optionsObject(options, 'createIssuer').keys, name('keys'));
  if (signing === undefined) {
    throw new TypeError('tokenwarden: the key set has no signing key (a private key or a secret)');
  }
  const issuer = nonEmptyString(options.issuer, name('issuer'));
  const audiences = [...stringSet(options.audience, name('audience'))];
  const ttl = toSeconds(options.ttl ?? '15m', name('ttl'));
  if (ttl === 0) throw new TypeError(`tokenwarden: ${name('ttl')} must be at least 1 second`);
  return {
    key: signing,
    issuer,
    audience: audiences.length === 1 ? audiences[0]! : audiences,
    ttl,
    clock: optionalClock(options.clock, name('clock')),
  };
}

/** An `issue()` input once checked. */
export interface CheckedIssueInput {
  readonly subject: string;
  readonly sessionId: string;
  readonly claims: Record<string, unknown>;
  readonly tokenVersion: number | undefined;
  readonly authTime: number | undefined;
  readonly amr: readonly string[] | undefined;
}

/** Checks one `issue()` call's input; caller claims may not reuse a registered name. */
export function checkIssueInput(input: IssueInput): CheckedIssueInput {
  if (typeof input !== 'object' || input === null) {
    throw new TypeError('tokenwarden: issue() needs { subject, sessionId }');
  }
  const subject = nonEmptyString(input.subject, 'subject');
  const sessionId = nonEmptyString(input.sessionId, 'sessionId');
  const { claims = {} } = input;
  if (!isPlainObject(claims)) throw new TypeError('tokenwarden: claims must be a plain object');
  for (const name of Object.keys(claims)) {
    if (RESERVED_CLAIMS.has(name)) {
      throw new TypeError(
        `tokenwarden: claim "${name}" is set by the issuer and cannot be overridden`,
      );
    }
  }
  assertJsonClaims(claims);
  const { tokenVersion } = input;
  if (tokenVersion !== undefined && !(Number.isSafeInteger(tokenVersion) && tokenVersion >= 0)) {
    throw new TypeError('tokenwarden: tokenVersion must be a whole number >= 0');
  }
  const { authTime, amr } = input;
  if (authTime !== undefined && !(Number.isSafeInteger(authTime) && authTime >= 0)) {
    throw new TypeError('tokenwarden: authTime must be whole epoch seconds >= 0');
  }
  if (amr !== undefined && !isMethodList(amr)) {
    throw new TypeError('tokenwarden: amr must be an array of non-empty strings');
  }
  return { subject, sessionId, claims, tokenVersion, authTime, amr };
}

function isMethodList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item.length > 0);
}
