/**
 * Turns one key input (JWK, PEM or HMAC secret) into a {@link ResolvedKey}.
 * Every misfit between key and algorithm is a configuration `TypeError`.
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
import {
  ALGORITHMS,
  type Algorithm,
  isAlgorithm,
  MIN_RSA_BITS,
  SUPPORTED_ALGORITHMS,
} from './algorithms.js';
import { type PublicKeyMembers, publicMembers } from './public-jwk.js';
import type { ResolvedKey } from './resolved-key.js';

/**
 * A JSON Web Key as accepted in configuration (public or private).
 *
 * @example
 * ```ts
 * const jwk: JwkInput = await exportJWK(privateKey); // from jose
 * ```
 */
export type JwkInput = Record<string, unknown>;

/**
 * An HMAC algorithm: the only ones that take a `secret`.
 *
 * @example
 * ```ts
 * const alg: HmacAlgorithm = 'HS256';
 * ```
 */
export type HmacAlgorithm = 'HS256' | 'HS384' | 'HS512';

/**
 * One key of a key set: a JWK, a PEM (SPKI or PKCS#8) or an HMAC secret, bound to `alg`.
 * `kid` defaults to the key's RFC 7638 thumbprint (or the JWK's own `kid`).
 *
 * @example
 * ```ts
 * const inputs: KeyInput[] = [
 *   { alg: 'EdDSA', jwk: privateJwk },
 *   { alg: 'RS256', pem: publicPem, kid: '2024-01' },
 *   { alg: 'HS256', secret: process.env.JWT_SECRET! }, // >= 32 bytes
 * ];
 * ```
 */
export type KeyInput =
  | { alg: Algorithm; jwk: JwkInput; kid?: string }
  | { alg: Exclude<Algorithm, HmacAlgorithm>; pem: string; kid?: string }
  | { alg: HmacAlgorithm; secret: string | Uint8Array; kid?: string };

const PRIVATE_MEMBERS = {
  RSA: ['d', 'p', 'q', 'dp', 'dq', 'qi'],
  EC: ['d'],
  OKP: ['d'],
} as const;

/** Imports one key input. */
export async function importKey(input: KeyInput, index: number): Promise<ResolvedKey> {
  const where = `keys[${index}]`;
  if (typeof input !== 'object' || input === null) {
    throw new TypeError(`tokenwarden: ${where} must be an object`);
  }
  const alg = checkAlg(input.alg, where);
  const kid = checkKid(input.kid, where);
  const sources = ['jwk', 'pem', 'secret'].filter((name) => name in input);
  if (sources.length !== 1) {
    throw new TypeError(`tokenwarden: ${where} needs exactly one of "jwk", "pem" or "secret"`);
  }
  if ('secret' in input) return fromSecret(alg, input.secret, kid, where);
  if ('pem' in input) return fromPem(alg, input.pem, kid, where);
  return fromJwk(alg, input.jwk, kid, where);
}

function checkAlg(alg: unknown, where: string): Algorithm {
  if (isAlgorithm(alg)) return alg;
  throw new TypeError(
    `tokenwarden: ${where}.alg must be one of ${SUPPORTED_ALGORITHMS.join(', ')} (got ${JSON.stringify(String(alg))})`,
  );
}

function checkKid(kid: unknown, where: string): string | undefined {
  if (kid === undefined) return undefined;
  if (typeof kid === 'string' && kid.length > 0) return kid;
  throw new TypeError(`tokenwarden: ${where}.kid must be a non-empty string`);
}

async function fromSecret(
  alg: Algorithm,
  secret: unknown,
  kid: string | undefined,
  where: string,
): Promise<ResolvedKey> {
  let bytes: Uint8Array;
  if (typeof secret === 'string') bytes = new TextEncoder().encode(secret);
  // Copied: a Buffer's slice() would share memory with the caller's.
  else if (secret instanceof Uint8Array) bytes = new Uint8Array(secret);
  else throw new TypeError(`tokenwarden: ${where}.secret must be a string or a Uint8Array`);
  return fromSecretBytes(alg, bytes, kid, where);
}

async function fromSecretBytes(
  alg: Algorithm,
  bytes: Uint8Array,
  kid: string | undefined,
  where: string,
): Promise<ResolvedKey> {
  const req = ALGORITHMS[alg];
  if (req.kty !== 'oct') {
    throw new TypeError(
      `tokenwarden: ${where}: a secret can only be used with HS256, HS384 or HS512`,
    );
  }
  if (bytes.byteLength < req.minBytes) {
    throw new TypeError(
      `tokenwarden: ${where}: ${alg} needs a secret of at least ${req.minBytes} bytes (RFC 7518 §3.2)`,
    );
  }
  const key = await crypto.subtle.importKey(
    'raw',
    bytes as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: req.hash },
    false,
    ['sign', 'verify'],
  );
  // The RFC 7638 thumbprint of an oct JWK is a SHA-256 over the secret. Publishing
  // it in `kid` gives an attacker nothing new: every HMAC-signed token is already
  // an offline oracle for guessing the secret, and the secret has >= 256 bits.
  const resolvedKid =
    kid ?? (await calculateJwkThumbprint({ kty: 'oct', k: base64url.encode(bytes) }, 'sha256'));
  return { kid: resolvedKid, alg, verifyKey: key, signKey: key, publicKey: undefined };
}

async function fromPem(
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

async function fromJwk(
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
  const jwkKid = typeof record.kid === 'string' && record.kid.length > 0 ? record.kid : undefined;
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
  if (pub.kty === 'RSA') checkRsaSize(pub.n, where);
  const verifyKey = await importMembers(pub, alg, where);
  const signKey =
    typeof jwk.d === 'string' ? await importMembers(privateJwk(pub, jwk), alg, where) : undefined;
  if (signKey !== undefined) await assertSameKeyPair(alg, signKey, verifyKey, where);
  const resolvedKid = kid ?? (await calculateJwkThumbprint(pub, 'sha256'));
  return { kid: resolvedKid, alg, verifyKey, signKey, publicKey: pub };
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

function checkRsaSize(n: string, where: string): void {
  const bytes = decodeMember(n, 'n', where);
  let first = 0;
  while (first < bytes.length && bytes[first] === 0) first++;
  const top = bytes[first] ?? 0;
  const bits = top === 0 ? 0 : (bytes.length - first - 1) * 8 + (32 - Math.clz32(top));
  if (bits < MIN_RSA_BITS) {
    throw new TypeError(`tokenwarden: ${where}: RSA keys must be at least ${MIN_RSA_BITS} bits`);
  }
}
