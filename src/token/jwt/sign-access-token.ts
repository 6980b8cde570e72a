/**
 * Builds and signs an access token: header `{ alg, kid, typ: "at+jwt" }`
 * (RFC 9068 §2.1) and the registered claims, caller claims after them.
 * @module
 */
import { epochSeconds } from '../../core/clock.js';
import { randomId } from '../../core/random.js';
import type { SignatureBackend } from '../signature/signature-backend.js';
import type { IssuedToken } from '../types.js';
import type { CheckedIssueInput, ResolvedIssuerOptions } from './issuer-options.js';

// Pure: lets an importer that never issues tokens drop it (dist is one file).
const encoder = /* @__PURE__ */ new TextEncoder();

/** Signs an access token for `input.subject` in session `input.sessionId`; the input is already checked. */
export async function signAccessToken(
  config: ResolvedIssuerOptions,
  backend: SignatureBackend,
  input: CheckedIssueInput,
): Promise<IssuedToken> {
  const { subject, sessionId, claims, tokenVersion, authTime, amr } = input;
  const iat = epochSeconds(config.clock);
  const exp = iat + config.ttl;
  // 128 bits of CSPRNG output: unguessable and collision-free in practice.
  const jti = randomId(16);
  const payload = {
    iss: config.issuer,
    aud: config.audience,
    sub: subject,
    iat,
    exp,
    jti,
    sid: sessionId,
    ...(tokenVersion === undefined ? {} : { ver: tokenVersion }),
    ...(authTime === undefined ? {} : { auth_time: authTime }),
    ...(amr === undefined ? {} : { amr: [...amr] }),
    ...claims,
  };
  const header = { alg: config.key.alg, kid: config.key.kid, typ: 'at+jwt' };
  let token: string;
  try {
    token = await backend.sign(config.key, header, encoder.encode(JSON.stringify(payload)));
  } catch (cause) {
    // Not a caller error and not a token error: keep the crypto detail as `cause` only.
    throw new Error('tokenwarden: signing the access token failed', { cause });
  }
  return { token, jti, expiresAt: exp, expiresIn: config.ttl };
}
