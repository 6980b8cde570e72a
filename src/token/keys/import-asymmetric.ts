/**
 * Keys from a JWK or a PEM, checked against their algorithm (kty, curve, RSA
 * size) and imported once as non-extractable Web Crypto keys. `oct` JWKs are
 * handed to the HMAC importer.
 * @module
 */
import {
  base64url,
  CompactSign,
  calculateJwkThumbprint,
  compactVerify,
  exportJWK,
  importJWK,
  importPKCS8,
  importSPKI,
} from 'jose';
import { isNonEmptyString } from '../../core/options.js';
import type { Algorithm, JwkInput, PublicKeyMembers } from '../types.js';
import { ALGORITHMS, MIN_RSA_BITS } from './algorithms.js';
import { fromSecretBytes } from './import-secret.js';
import { publicMembers } from './public-jwk.js';
import type { ResolvedKey } from './resolved-key.js';

const PRIVATE_MEMBERS = {
  RSA: ['d', 'p', 'q', 'dp', 'dq', 'qi'],
  EC: ['d'],
  OKP: ['d'],
} as const;

/** Imports an SPKI public or PKCS#8 private PEM. */
export async function fromPem(
  alg: Algorithm,
  pem: unknown,
  kid: string | undefined,
  where: string,
): Promise<ResolvedKey> {
  if (ALGORITHMS[alg].kty === 'oct') {
    throw new TypeError(`tokenwarden: ${where}: ${alg} takes a "secret", not a PEM`);
  }
  if (typeof pem !== 'string') throw new TypeError(`tokenwarden: ${where}.pem must be a string`);
  const text = pem.trim();
  let key: CryptoKey;
  try {
    if (text.startsWith('-----BEGIN PUBLIC KEY-----')) {
      key = await importSPKI(text, alg, { extractable: true });
    } else if (text.startsWith('-----BEGIN PRIVATE KEY-----')) {
      // Extractable only here, so the public half can be derived; the key we
      // keep is re-imported below as non-extractable.
      key = await importPKCS8(text, alg, { extractable: true });
    } else {
      throw new TypeError('unsupported PEM label');
    }
  } catch (cause) {
    throw new TypeError(
      `tokenwarden: ${where}.pem must be an SPKI public key or a PKCS#8 private key usable with ${alg}`,
      { cause },
    );
  }
  return fromKeyMembers(alg, { ...(await exportJWK(key)) }, kid, where);
}

/** Imports a JWK (public, private, or `oct` for HMAC). */
export async function fromJwk(
  alg: Algorithm,
  jwk: unknown,
  kid: string | undefined,
  where: string,
): Promise<ResolvedKey> {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    throw new TypeError(`tokenwarden: ${where}.jwk must be a JWK object`);
  }
  const record = jwk as JwkInput;
  // RFC 7517 §4.4: a JWK that names its algorithm may only be used with that one.
  if (record.alg !== undefined && record.alg !== alg) {
    throw new TypeError(`tokenwarden: ${where}: the JWK's "alg" does not match ${alg}`);
  }
  if (record.use !== undefined && record.use !== 'sig') {
    throw new TypeError(`tokenwarden: ${where}: the JWK's "use" must be "sig"`);
  }
  const jwkKid = isNonEmptyString(record.kid) ? record.kid : undefined;
  return fromKeyMembers(alg, record, kid ?? jwkKid, where);
}

async function fromKeyMembers(
  alg: Algorithm,
  jwk: JwkInput,
  kid: string | undefined,
  where: string,
): Promise<ResolvedKey> {
  const req = ALGORITHMS[alg];
  if (jwk.kty !== req.kty) {
    throw new TypeError(`tokenwarden: ${where}: ${alg} needs a key with kty "${req.kty}"`);
  }
  if (req.kty === 'oct') return fromSecretBytes(alg, decodeMember(jwk.k, 'k', where), kid, where);
  if ('crv' in req && jwk.crv !== req.crv) {
    throw new TypeError(`tokenwarden: ${where}: ${alg} needs curve ${req.crv}`);
  }
  const pub = publicMembers(jwk);
  const verifyKey = await importMembers(pub, alg, where);
  if (pub.kty === 'RSA') checkRsaSize(verifyKey, where);
  const priv = typeof jwk.d === 'string' ? privateJwk(pub, jwk) : undefined;
  const signKey = priv === undefined ? undefined : await importMembers(priv, alg, where);
  if (signKey !== undefined) await assertSameKeyPair(alg, signKey, verifyKey, where);
  const resolvedKid = kid ?? (await calculateJwkThumbprint(pub, 'sha256'));
  return {
    kid: resolvedKid,
    alg,
    verifyKey,
    signKey,
    publicKey: pub,
    privateMaterial: priv,
  };
}

// A private JWK whose public members belong to another key would sign tokens
// that its own JWKS entry cannot verify: catch it at start-up, not in production.
async function assertSameKeyPair(
  alg: Algorithm,
  signKey: CryptoKey,
  verifyKey: CryptoKey,
  where: string,
): Promise<void> {
  const probe = new TextEncoder().encode('tokenwarden key check');
  try {
    const jws = await new CompactSign(probe).setProtectedHeader({ alg }).sign(signKey);
    await compactVerify(jws, verifyKey, { algorithms: [alg] });
  } catch (cause) {
    throw new TypeError(
      `tokenwarden: ${where}: the private key does not match its public members`,
      {
        cause,
      },
    );
  }
}

function privateJwk(pub: PublicKeyMembers, jwk: JwkInput): JwkInput {
  const out: JwkInput = { ...pub };
  for (const name of PRIVATE_MEMBERS[pub.kty]) {
    if (jwk[name] !== undefined) out[name] = jwk[name];
  }
  return out;
}

async function importMembers(jwk: JwkInput, alg: Algorithm, where: string): Promise<CryptoKey> {
  try {
    const key = await importJWK(jwk, alg, { extractable: false });
    if (key instanceof Uint8Array) throw new TypeError('unexpected symmetric key');
    return key;
  } catch (cause) {
    throw new TypeError(`tokenwarden: ${where}: the key could not be imported for ${alg}`, {
      cause,
    });
  }
}

function decodeMember(value: unknown, name: string, where: string): Uint8Array {
  if (typeof value === 'string') {
    try {
      return base64url.decode(value);
    } catch {
      // fall through to the TypeError below
    }
  }
  throw new TypeError(`tokenwarden: ${where}: the JWK's "${name}" must be base64url`);
}

// Checked on the imported public key: Web Crypto reports the modulus size
// (RsaHashedKeyAlgorithm.modulusLength), and only the public key is used yet.
// Written to fail closed should a runtime not report it.
function checkRsaSize(key: CryptoKey, where: string): void {
  const bits = (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
  if (!(bits >= MIN_RSA_BITS)) {
    throw new TypeError(`tokenwarden: ${where}: RSA keys must be at least ${MIN_RSA_BITS} bits`);
  }
}
