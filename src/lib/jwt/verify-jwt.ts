/**
 * The verification pipeline: strict parse → header rules → signature →
 * claims. Each step throws an `AuthError`; nothing is trusted before the
 * signature has been checked with a key chosen by configuration.
 * @module
 */
import { AuthError } from '../../errors.js';
import { type Clock, epochSeconds } from '../clock.js';
import { type CheckedHeader, checkHeader, type HeaderPolicy } from '../jws/check-header.js';
import { parseCompactJws } from '../jws/parse-compact.js';
import type { SignatureBackend } from '../signature/signature-backend.js';
import { type ClaimsPolicy, validateClaims } from './validate-claims.js';

/** Resolved verifier configuration. */
export interface VerifyConfig {
  readonly header: HeaderPolicy;
  readonly claims: ClaimsPolicy;
  readonly maxTokenBytes: number;
  readonly clock: Clock;
  readonly backend: SignatureBackend;
}

/** A verified token: its header and its claims. */
export interface VerifiedJwt {
  readonly header: CheckedHeader;
  readonly claims: Record<string, unknown>;
}

/** Verifies `token` or throws an `AuthError`; never any other error. */
export async function verifyJwt(config: VerifyConfig, token: unknown): Promise<VerifiedJwt> {
  try {
    return await verifyUnsafe(config, token);
  } catch (err) {
    if (err instanceof AuthError) throw err;
    // The original stays as `cause` for logs; it never reaches the message.
    throw new AuthError('TOKEN_INVALID', { cause: err });
  }
}

async function verifyUnsafe(config: VerifyConfig, token: unknown): Promise<VerifiedJwt> {
  if (token === undefined || token === '') throw new AuthError('TOKEN_MISSING');
  if (typeof token !== 'string') throw new AuthError('TOKEN_INVALID');
  const parsed = parseCompactJws(token, config.maxTokenBytes);
  const { header, key } = checkHeader(parsed.header, config.header);
  const result = config.backend.verify(key, parsed, token);
  // The Node backend answers synchronously: no await, so no extra microtask turn.
  const valid = typeof result === 'boolean' ? result : await result;
  if (!valid) {
    throw new AuthError('TOKEN_INVALID', { message: 'The access token signature is invalid.' });
  }
  validateClaims(parsed.payload, config.claims, epochSeconds(config.clock));
  return { header, claims: parsed.payload };
}
