/**
 * The one JWT claims validator, in a fixed order (modelled on jose's
 * `lib/jwt_claims_set.ts`): presence → types of registered claims → iss → aud
 * → nbf → iat → exp → max age. The header (`typ`) is checked before this runs.
 * Every failure names the claim and why.
 * @module
 */
import { claimFailure } from '../../core/errors.js';

import type { VerifierProfile } from '../types.js';

/** The registered claims required in every tokenwarden access token. */
export const ACCESS_TOKEN_CLAIMS = ['iss', 'aud', 'sub', 'iat', 'exp', 'jti', 'sid'] as const;

/** The registered claims each verifier profile requires (see `VerifierProfile`). */
export const PROFILE_CLAIMS: Readonly<Record<VerifierProfile, readonly string[]>> = {
  tokenwarden: ACCESS_TOKEN_CLAIMS,
  // RFC 9068 §2.2 minus `jti` and `client_id`, which common servers leave out.
  rfc9068: ['iss', 'aud', 'sub', 'iat', 'exp'],
  // RFC 7519 §4.1: every claim is optional; a token that never expires is still refused.
  jwt: ['exp'],
};

/** What the claims must satisfy. Times are whole seconds. */
export interface ClaimsPolicy {
  /** `undefined`: not checked (the `jwt` profile without `issuer`). */
  readonly issuers: ReadonlySet<string> | undefined;
  /** `undefined`: not checked (the `jwt` profile without `audience`). */
  readonly audiences: ReadonlySet<string> | undefined;
  readonly required: readonly string[];
  readonly tolerance: number;
  /** Longest accepted age since `iat`, or `undefined` for none. */
  readonly maxAge: number | undefined;
}

const NUMERIC_DATES = ['exp', 'iat', 'nbf'] as const;
const STRINGS = ['iss', 'sub', 'jti', 'sid'] as const;

/** Validates `payload` at `now` (epoch seconds) or throws an `AuthError`. */
export function validateClaims(
  payload: Record<string, unknown>,
  policy: ClaimsPolicy,
  now: number,
): void {
  for (const claim of policy.required) {
    if (!Object.hasOwn(payload, claim)) throw claimFailure(claim, 'missing');
  }
  checkTypes(payload);

  const { iss, aud, nbf, iat, exp } = payload as {
    iss?: string;
    aud?: string | string[];
    nbf?: number;
    iat?: number;
    exp?: number;
  };
  // RFC 7519 §4.1.1
  if (iss !== undefined && policy.issuers !== undefined && !policy.issuers.has(iss))
    throw claimFailure('iss', 'check_failed');
  // RFC 7519 §4.1.3: we must be one of the audiences the token names.
  if (
    aud !== undefined &&
    policy.audiences !== undefined &&
    !namesAudience(aud, policy.audiences)
  ) {
    throw claimFailure('aud', 'check_failed');
  }
  // RFC 7519 §4.1.5
  if (nbf !== undefined && nbf > now + policy.tolerance) throw claimFailure('nbf', 'check_failed');
  // A token issued in the future comes from a broken or hostile clock.
  if (iat !== undefined && iat > now + policy.tolerance) throw claimFailure('iat', 'check_failed');
  // RFC 7519 §4.1.4: now must be before exp.
  if (exp !== undefined && exp <= now - policy.tolerance) {
    throw claimFailure('exp', 'check_failed', 'TOKEN_EXPIRED');
  }
  if (policy.maxAge !== undefined) {
    if (iat === undefined) throw claimFailure('iat', 'missing');
    if (now - iat > policy.maxAge + policy.tolerance) {
      throw claimFailure('iat', 'check_failed', 'TOKEN_EXPIRED');
    }
  }
}

function checkTypes(payload: Record<string, unknown>): void {
  for (const claim of NUMERIC_DATES) {
    const value = payload[claim];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
      throw claimFailure(claim, 'invalid');
    }
  }
  for (const claim of STRINGS) {
    const value = payload[claim];
    if (value !== undefined && (typeof value !== 'string' || value.length === 0)) {
      throw claimFailure(claim, 'invalid');
    }
  }
  const aud = payload.aud;
  if (aud !== undefined && !isAudience(aud)) throw claimFailure('aud', 'invalid');
}

function isAudience(value: unknown): boolean {
  if (typeof value === 'string') return value.length > 0;
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => typeof item === 'string' && item.length > 0)
  );
}

// A string or an array (checked by checkTypes); no wrapping array per call.
function namesAudience(aud: string | string[], audiences: ReadonlySet<string>): boolean {
  return typeof aud === 'string' ? audiences.has(aud) : aud.some((a) => audiences.has(a));
}
