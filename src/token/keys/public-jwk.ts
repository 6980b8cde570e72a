/**
 * Builds a public JWK by copying an allow-list of members per `kty`, never by
 * deleting private members from a private JWK: a member we do not know about
 * (or a private one we forgot) can therefore never reach a JWKS.
 * @module
 */
import { isNonEmptyString } from '../../core/options.js';
import type { Algorithm, PublicJwk, PublicKeyMembers } from '../types.js';

const PUBLIC_MEMBERS = {
  RSA: ['kty', 'n', 'e'],
  EC: ['kty', 'crv', 'x', 'y'],
  OKP: ['kty', 'crv', 'x'],
} as const;

/**
 * Copies the public members of an RSA, EC or OKP JWK. Throws a `TypeError`
 * when the key type is not asymmetric or a member is missing or not a string.
 */
export function publicMembers(jwk: Record<string, unknown>): PublicKeyMembers {
  const kty = jwk.kty;
  if (kty !== 'RSA' && kty !== 'EC' && kty !== 'OKP') {
    throw new TypeError('tokenwarden: a public key must have kty "RSA", "EC" or "OKP"');
  }
  const out: Record<string, string> = {};
  for (const name of PUBLIC_MEMBERS[kty]) {
    const value = jwk[name];
    if (!isNonEmptyString(value)) {
      throw new TypeError(`tokenwarden: the ${kty} key is missing its "${name}" member`);
    }
    out[name] = value;
  }
  return out as PublicKeyMembers;
}

/** The JWKS entry of a public key: a fresh object, safe to hand to callers. */
export function toPublicJwk(members: PublicKeyMembers, kid: string, alg: Algorithm): PublicJwk {
  return { ...publicMembers(members), kid, alg, use: 'sig' };
}
