/**
 * What a reviewer should notice in a decoded token before trusting anything
 * in it. Each warning is a sentence; none of them changes the exit code,
 * only verification does.
 * @module
 */
import type { DecodedToken } from './decode.js';
import { isAlgorithm } from './keygen.js';

/** An access token living longer than this is worth a second look (tokenwarden issues 15 min). */
export const LONG_LIFETIME_SECONDS = 3600;

/** The verifier's default `maxTokenBytes`. */
const DEFAULT_MAX_TOKEN_BYTES = 8192;

// Header members that carry or point at a key (RFC 7515 §4.1.2–4.1.6): a
// verifier that trusts them lets the token choose its own key.
const KEY_CARRYING_HEADERS = ['jwk', 'jku', 'x5u', 'x5c'];

// Claim names that suggest secrets or personal data: a JWT payload is
// readable by anyone who holds the token.
const SENSITIVE_NAME_RE =
  /pass(word|wd)?|pwd|secret|private|api.?key|credential|refresh.?token|ssn|social.?security|credit.?card|card.?number|cvv|iban|email|phone|address|birth|dob/i;

const REGISTERED = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'sid', 'ver']);

function headerWarnings(header: Record<string, unknown>): string[] {
  const warnings: string[] = [];
  const { alg, typ } = header;
  if (typeof alg === 'string' && alg.toLowerCase() === 'none') {
    warnings.push('alg is "none": the token is unsigned and anyone could have written it');
  } else if (typeof alg !== 'string' || !isAlgorithm(alg)) {
    warnings.push(`alg ${JSON.stringify(alg)} is not one tokenwarden accepts`);
  }
  if (typ === undefined) {
    warnings.push('no typ header: tokenwarden expects "at+jwt" (RFC 9068 §2.1)');
  } else if (typeof typ !== 'string' || !/^(application\/)?at\+jwt$/i.test(typ)) {
    warnings.push(`typ ${JSON.stringify(typ)} is not "at+jwt": not an access token by RFC 9068`);
  }
  for (const name of KEY_CARRYING_HEADERS) {
    if (header[name] !== undefined) {
      warnings.push(
        `header carries "${name}": a verifier that trusts it lets the token pick its own key`,
      );
    }
  }
  if (header.kid === undefined)
    warnings.push('no kid header: tokenwarden refuses tokens without one');
  if (header.crit !== undefined)
    warnings.push('crit header: tokenwarden understands no extension and refuses it');
  return warnings;
}

function claimWarnings(claims: Record<string, unknown>): string[] {
  const warnings: string[] = [];
  const { exp, iat, jti } = claims;
  if (typeof exp !== 'number') warnings.push('no numeric exp: the token never expires');
  if (typeof exp === 'number' && typeof iat === 'number' && exp - iat > LONG_LIFETIME_SECONDS) {
    const hours = Math.round(((exp - iat) / 3600) * 10) / 10;
    warnings.push(`long lifetime: ${hours} h between iat and exp (tokenwarden issues 15 min)`);
  }
  if (jti === undefined)
    warnings.push('no jti: the token cannot be told apart from another or revoked alone');
  const sensitive = Object.keys(claims).filter(
    (name) => !REGISTERED.has(name) && SENSITIVE_NAME_RE.test(name),
  );
  if (sensitive.length > 0) {
    warnings.push(
      `sensitive-looking claims (${sensitive.join(', ')}): anyone holding the token can read them`,
    );
  }
  return warnings;
}

/** Every warning for `token`, header first. */
export function tokenWarnings(token: DecodedToken): string[] {
  const warnings = [...headerWarnings(token.header), ...claimWarnings(token.claims)];
  if (token.length > DEFAULT_MAX_TOKEN_BYTES) {
    warnings.push(
      `${token.length} characters: over the verifier's default maxTokenBytes (${DEFAULT_MAX_TOKEN_BYTES})`,
    );
  }
  return warnings;
}
