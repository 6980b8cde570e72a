/**
 * Resolves the issuer's options and checks each `issue()` input.
 * @module
 */
import type { IssueInput, IssuerOptions } from '../issuer.js';
import { type Clock, systemClock } from '../../core/clock.js';
import { toSeconds } from '../../core/duration.js';
import { keySetInternals } from '../keys/key-set.js';
import { callable, nonEmptyString, optionsObject, stringSet } from '../../core/options.js';
import type { SignatureBackend } from '../signature/signature-backend.js';
import { RESERVED_CLAIMS } from './access-claims.js';
import { assertJsonClaims, isPlainObject } from './json-claims.js';
import type { IssueConfig } from './sign-access-token.js';

/** Checks {@link IssuerOptions} once, at construction; a `TypeError` for anything wrong. */
export function resolveIssuerOptions(
  options: IssuerOptions,
  backend: SignatureBackend,
): IssueConfig {
  const { signing } = keySetInternals(optionsObject(options, 'createIssuer').keys);
  if (signing === undefined) {
    throw new TypeError('tokenwarden: the key set has no signing key (a private key or a secret)');
  }
  const issuer = nonEmptyString(options.issuer, 'issuer');
  const audiences = [...stringSet(options.audience, 'audience')];
  const ttl = toSeconds(options.ttl ?? '15m', 'ttl');
  if (ttl === 0) throw new TypeError('tokenwarden: ttl must be at least 1 second');
  return {
    key: signing,
    issuer,
    audience: audiences.length === 1 ? audiences[0]! : audiences,
    ttl,
    clock: callable<Clock>(options.clock ?? systemClock, 'clock'),
    backend,
  };
}

/** Checks one `issue()` call's input; caller claims may not reuse a registered name. */
export function checkIssueInput(input: IssueInput): Required<IssueInput> {
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
  return { subject, sessionId, claims };
}
