/**
 * Builds and signs an access token: header `{ alg, kid, typ: "at+jwt" }`
 * (RFC 9068 §2.1) and the registered claims, caller claims after them.
 * @module
 */
import type { Clock } from '../../core/clock.js';
import { epochSeconds } from '../../core/clock.js';
import type { ResolvedKey } from '../keys/resolved-key.js';
import { randomId } from '../../core/random.js';
import type { SignatureBackend } from '../signature/signature-backend.js';

/** Resolved issuer configuration. */
export interface IssueConfig {
  readonly key: ResolvedKey;
  readonly issuer: string;
  readonly audience: string | readonly string[];
  readonly ttl: number;
  readonly clock: Clock;
  readonly backend: SignatureBackend;
}

/**
 * A freshly signed access token.
 *
 * @example
 * ```ts
 * const { token, expiresIn }: IssuedToken = await issuer.issue({ subject, sessionId });
 * res.json({ accessToken: token, tokenType: 'Bearer', expiresIn });
 * ```
 */
export interface IssuedToken {
  /** The compact JWS. */
  token: string;
  /** Its `jti`. */
  jti: string;
  /** Its `exp`, epoch seconds. */
  expiresAt: number;
  /** Seconds until `exp`, as OAuth's `expires_in` (RFC 6749 §5.1). */
  expiresIn: number;
}

// Pure: lets an importer that never issues tokens drop it (dist is one file).
const encoder = /* @__PURE__ */ new TextEncoder();

/** Signs an access token for `subject` in session `sessionId`; claims are already checked. */
export async function signAccessToken(
  config: IssueConfig,
  subject: string,
  sessionId: string,
  claims: Record<string, unknown>,
): Promise<IssuedToken> {
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
    ...claims,
  };
  const header = { alg: config.key.alg, kid: config.key.kid, typ: 'at+jwt' };
  let token: string;
  try {
    token = await config.backend.sign(config.key, header, encoder.encode(JSON.stringify(payload)));
  } catch (cause) {
    // Not a caller error and not a token error: keep the crypto detail as `cause` only.
    throw new Error('tokenwarden: signing the access token failed', { cause });
  }
  return { token, jti, expiresAt: exp, expiresIn: config.ttl };
}
