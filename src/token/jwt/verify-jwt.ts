/**
 * The verification pipeline: strict parse → header rules → signature →
 * claims. Each step throws an `AuthError`; nothing is trusted before the
 * signature has been checked with a key chosen by configuration.
 *
 * It runs synchronously as far as the backend allows: the Node backend
 * answers at once, so a verification costs no promise until the public
 * `verify()` wraps the result in one; the Web Crypto backend answers with a
 * promise and the pipeline continues when it settles.
 * @module
 */
import { AuthError } from '../../core/errors.js';
import { type Clock, epochSeconds } from '../../core/clock.js';
import {
  type CheckedHeader,
  checkHeader,
  type HeaderCheck,
  type HeaderPolicy,
  isUnknownKey,
} from '../jws/check-header.js';
import type { HeaderMemo } from '../jws/header-memo.js';
import {
  checkSignatureSegment,
  decodeJsonSegment,
  type JwsSegments,
  splitCompactJws,
} from '../jws/parse-compact.js';
import type { SignatureBackend } from '../signature/signature-backend.js';
import { type ClaimsPolicy, validateClaims } from './validate-claims.js';

/** Resolved verifier configuration. */
export interface VerifyConfig {
  readonly header: HeaderPolicy;
  readonly claims: ClaimsPolicy;
  readonly maxTokenBytes: number;
  readonly clock: Clock;
  readonly backend: SignatureBackend;
  /** Headers already seen on verified tokens; private to one verifier. */
  readonly headers: HeaderMemo;
}

/** A verified token: its header and its claims. */
export interface VerifiedJwt {
  readonly header: CheckedHeader;
  readonly claims: Record<string, unknown>;
}

/**
 * Verifies `token` or throws (or rejects with) an `AuthError`; never any
 * other error. The result is a promise only when the backend's is.
 */
export function verifyJwt(
  config: VerifyConfig,
  token: unknown,
): VerifiedJwt | Promise<VerifiedJwt> {
  try {
    const result = verifyUnsafe(config, token);
    return result instanceof Promise ? result.catch(rethrowAsAuthError) : result;
  } catch (err) {
    return rethrowAsAuthError(err);
  }
}

/** Rethrows `err` as an `AuthError`: as is when it is one, else `TOKEN_INVALID` with it as `cause`. */
export function rethrowAsAuthError(err: unknown): never {
  if (err instanceof AuthError) throw err;
  // The original stays as `cause` for logs; it never reaches the message.
  throw new AuthError('TOKEN_INVALID', { cause: err });
}

function verifyUnsafe(config: VerifyConfig, token: unknown): VerifiedJwt | Promise<VerifiedJwt> {
  if (token === undefined || token === '') throw new AuthError('TOKEN_MISSING');
  if (typeof token !== 'string') throw new AuthError('TOKEN_INVALID');
  const segments = splitCompactJws(token, config.maxTokenBytes);
  // A remote key set with no keys yet, or stale ones: fetch first (bounded by its timeout).
  const ready = config.header.keys.ready?.();
  if (ready !== undefined) return ready.then(() => verifySegments(config, token, segments));
  return verifySegments(config, token, segments);
}

function verifySegments(
  config: VerifyConfig,
  token: string,
  segments: JwsSegments,
): VerifiedJwt | Promise<VerifiedJwt> {
  const { codec } = config.backend;
  config.headers.sync(config.header.keys.version);
  const known = config.headers.get(segments.header);
  const header = known === undefined ? decodeJsonSegment(segments.header, 'header', codec) : null;
  const payload = decodeJsonSegment(segments.payload, 'payload', codec);
  // Before the signature segment, so an unsecured (`alg: none`) token gets its own message.
  const check = known ?? selectKey(config, header as Record<string, unknown>);
  if (check instanceof Promise) {
    return check.then((found) => verifySignature(config, token, segments, found, payload, true));
  }
  return verifySignature(config, token, segments, check, payload, known === undefined);
}

/** The header check; on an unknown key, one refetch of a remote key set and a second look. */
function selectKey(
  config: VerifyConfig,
  header: Record<string, unknown>,
): HeaderCheck | Promise<HeaderCheck> {
  try {
    return checkHeader(header, config.header);
  } catch (err) {
    const refetch = isUnknownKey(err) ? config.header.keys.refetch?.() : undefined;
    if (refetch === undefined) throw err;
    return refetch.then(() => checkHeader(header, config.header));
  }
}

function verifySignature(
  config: VerifyConfig,
  token: string,
  segments: JwsSegments,
  check: HeaderCheck,
  payload: Record<string, unknown>,
  fresh: boolean,
): VerifiedJwt | Promise<VerifiedJwt> {
  checkSignatureSegment(segments.signature);
  const valid = config.backend.verify(check.key, segments, token);
  if (typeof valid === 'boolean')
    return afterSignature(config, segments, check, payload, valid, fresh);
  return valid.then((ok) => afterSignature(config, segments, check, payload, ok, fresh));
}

function afterSignature(
  config: VerifyConfig,
  segments: JwsSegments,
  check: HeaderCheck,
  payload: Record<string, unknown>,
  valid: boolean,
  remember: boolean,
): VerifiedJwt {
  if (!valid) {
    throw new AuthError('TOKEN_INVALID', { message: 'The access token signature is invalid.' });
  }
  // The header is authentic now, whatever the claims say.
  if (remember) config.headers.remember(segments.header, check);
  validateClaims(payload, config.claims, epochSeconds(config.clock));
  return { header: check.header, claims: payload };
}
