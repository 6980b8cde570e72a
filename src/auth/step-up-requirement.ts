/**
 * What a route may demand of the authentication behind an access token
 * (RFC 9470): a recent one (`maxAge`, checked on `auth_time`) and given
 * methods (`amr`). A valid token that falls short is `STEP_UP_REQUIRED`,
 * answered with the `insufficient_user_authentication` challenge; a token
 * whose `auth_time` or `amr` is malformed, or in the future, is refused as
 * invalid.
 * @module
 */
import { type Duration, toSeconds } from '../core/duration.js';
import { AuthError, claimFailure } from '../core/errors.js';

/**
 * Options of `requireAuth`, `auth.authenticate` and `auth.verifyAccess`:
 * what the route demands beyond a valid token.
 *
 * @example
 * ```ts
 * app.post('/api/transfer', requireAuth(auth, { maxAge: '5m', amr: ['otp'] }), transfer);
 * ```
 */
export interface StepUpRequirement {
  /** The authentication (`auth_time`) must be at most this old: `'5m'` or seconds. */
  maxAge?: Duration;
  /** Every one of these methods must be in the token's `amr` (RFC 8176 names: `pwd`, `otp`, …). */
  amr?: readonly string[];
}

/**
 * A {@link StepUpRequirement} once checked: seconds and a set.
 * @internal
 */
export interface ResolvedRequirement {
  readonly maxAge: number | undefined;
  readonly amr: readonly string[];
}

/**
 * Checks a requirement at construction: a `TypeError` names what is wrong.
 * Glue internals (src/index.ts), not public API.
 * @internal
 */
export function resolveRequirement(
  requirement: StepUpRequirement | undefined,
  what = 'requireAuth',
): ResolvedRequirement | undefined {
  if (requirement === undefined) return undefined;
  if (typeof requirement !== 'object' || requirement === null) {
    throw new TypeError(`tokenwarden: ${what} options must be an object`);
  }
  const maxAge =
    requirement.maxAge === undefined ? undefined : toSeconds(requirement.maxAge, `${what} maxAge`);
  const amr = requirement.amr ?? [];
  if (!Array.isArray(amr) || !amr.every((m) => typeof m === 'string' && m.length > 0)) {
    throw new TypeError(`tokenwarden: ${what} amr must be an array of method names`);
  }
  return { maxAge, amr: [...amr] };
}

/**
 * Throws unless `claims` meet `requirement` at `now` (epoch seconds), with
 * `tolerance` seconds of clock skew allowed on `auth_time`.
 */
export function checkRequirement(
  claims: { auth_time?: unknown; amr?: unknown },
  requirement: ResolvedRequirement,
  now: number,
  tolerance: number,
): void {
  if (requirement.maxAge !== undefined) {
    checkAge(claims.auth_time, requirement.maxAge, now, tolerance);
  }
  if (requirement.amr.length > 0) checkMethods(claims.amr, requirement);
}

function checkAge(authTime: unknown, maxAge: number, now: number, tolerance: number): void {
  // A token from before step-up existed has no auth_time: ask for a new authentication.
  if (authTime === undefined) throw stepUp(maxAge, 'A recent authentication is required.');
  if (typeof authTime !== 'number' || !Number.isSafeInteger(authTime) || authTime < 0) {
    throw claimFailure('auth_time', 'invalid');
  }
  // Only the issuer's clock writes auth_time: one from the future is not to be trusted.
  if (authTime > now + tolerance) throw claimFailure('auth_time', 'check_failed');
  // RFC 9470 §3: max_age is the allowable elapsed time since the last active authentication.
  if (now - authTime > maxAge) throw stepUp(maxAge, 'A more recent authentication is required.');
}

function checkMethods(amr: unknown, requirement: ResolvedRequirement): void {
  if (amr === undefined) throw stepUp(requirement.maxAge, methodsMessage(requirement.amr));
  if (!Array.isArray(amr) || !amr.every((m) => typeof m === 'string')) {
    throw claimFailure('amr', 'invalid');
  }
  if (!requirement.amr.every((method) => amr.includes(method))) {
    throw stepUp(requirement.maxAge, methodsMessage(requirement.amr));
  }
}

function methodsMessage(methods: readonly string[]): string {
  return `A stronger authentication is required (${methods.join(', ')}).`;
}

function stepUp(maxAge: number | undefined, message: string): AuthError {
  return new AuthError('STEP_UP_REQUIRED', {
    message,
    ...(maxAge === undefined ? {} : { maxAge }),
  });
}
