/**
 * Builds and signs an access token: header `{ alg, kid, typ: "at+jwt" }`
 * (RFC 9068 §2.1) and the registered claims, caller claims after them.
 *
 * The parts that never change for an issuer (the header, and the JSON text
 * of `iss` and `aud`) are made once, in {@link tokenShape}; each call writes
 * the payload's JSON text directly, in the order `JSON.stringify` of
 * `{ iss, aud, sub, iat, exp, jti, sid, ver?, auth_time?, amr?, ...claims }` gives.
 * @module
 */
import { epochSeconds } from '../../core/clock.js';
import { randomId } from '../../core/random.js';
import type { SignatureBackend } from '../signature/signature-backend.js';
import type { IssuedToken } from '../types.js';
import type { CheckedIssueInput, ResolvedIssuerOptions } from './issuer-options.js';

/** What an issuer writes the same way on every token. */
export interface TokenShape {
  /** Frozen: the same object on every call, so a backend may cache its encoding. */
  readonly header: Readonly<Record<string, unknown>>;
  /** `{"iss":…,"aud":…,"sub":` */
  readonly payloadPrefix: string;
}

/** The issuer's fixed header and payload prefix. */
export function tokenShape(config: ResolvedIssuerOptions): TokenShape {
  return {
    header: Object.freeze({ alg: config.key.alg, kid: config.key.kid, typ: 'at+jwt' }),
    payloadPrefix: `{"iss":${JSON.stringify(config.issuer)},"aud":${JSON.stringify(config.audience)},"sub":`,
  };
}

/**
 * Signs an access token for `input.subject` in session `input.sessionId`; the
 * input is already checked (its claims are plain JSON, none a registered name).
 */
export function signAccessToken(
  config: ResolvedIssuerOptions,
  shape: TokenShape,
  backend: SignatureBackend,
  input: CheckedIssueInput,
): Promise<IssuedToken> {
  const { subject, sessionId, claims, tokenVersion, authTime, amr } = input;
  const iat = epochSeconds(config.clock);
  const exp = iat + config.ttl;
  // 128 bits of CSPRNG output: unguessable and collision-free in practice.
  const jti = backend.randomId?.() ?? randomId(16);
  const extra = JSON.stringify(claims);
  const payload =
    `${shape.payloadPrefix}${JSON.stringify(subject)},"iat":${iat},"exp":${exp},"jti":"${jti}","sid":${JSON.stringify(sessionId)}` +
    (tokenVersion === undefined ? '' : `,"ver":${tokenVersion}`) +
    (authTime === undefined ? '' : `,"auth_time":${authTime}`) +
    (amr === undefined ? '' : `,"amr":${JSON.stringify(amr)}`) +
    (extra === '{}' ? '}' : `,${extra.slice(1)}`);
  const issued = (token: string): IssuedToken => ({
    token,
    jti,
    expiresAt: exp,
    expiresIn: config.ttl,
  });
  try {
    const token = backend.sign(config.key, shape.header, payload);
    return typeof token === 'string'
      ? Promise.resolve(issued(token))
      : token.then(issued, signingFailed);
  } catch (cause) {
    return signingFailed(cause);
  }
}

// Not a caller error and not a token error: keep the crypto detail as `cause` only.
function signingFailed(cause: unknown): never {
  throw new Error('tokenwarden: signing the access token failed', { cause });
}
