/**
 * Key files as the command line reads them: a JWK, a JWKS (`{ "keys": [...] }`)
 * or a PEM, each turned into the {@link KeyInput}s `createKeySet` takes.
 * The algorithm comes from `--alg`, else the key's `alg` member, else the key
 * type where it names one algorithm (Ed25519, a P-curve); RSA and secrets
 * need it said.
 * @module
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Algorithm, HmacAlgorithm, KeyInput } from '../index.js';
import { UsageError } from './exit-codes.js';

/** A key file larger than this is not a key file. */
const MAX_KEY_FILE_BYTES = 1024 * 1024;

/** JWK members that hold private key material (RFC 7518 §6.2.2, §6.3.2, §6.4.1; RFC 8037 §2). */
export const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** The keys of one file, and whether it held private material. */
export interface LoadedKeys {
  keys: KeyInput[];
  /** True when a key in the file carries private members (or is a PEM private key). */
  hasPrivate: boolean;
}

const CURVE_ALGS: Record<string, Algorithm> = {
  Ed25519: 'EdDSA',
  'P-256': 'ES256',
  'P-384': 'ES384',
  'P-521': 'ES512',
  ed25519: 'EdDSA',
  prime256v1: 'ES256',
  secp384r1: 'ES384',
  secp521r1: 'ES512',
};

function algFor(
  declared: unknown,
  curve: unknown,
  override: string | undefined,
  where: string,
): Algorithm {
  if (override !== undefined) return override as Algorithm;
  if (typeof declared === 'string') return declared as Algorithm;
  const byCurve = typeof curve === 'string' ? CURVE_ALGS[curve] : undefined;
  if (byCurve !== undefined) return byCurve;
  throw new UsageError(`${where}: the key does not name its algorithm; pass --alg`);
}

function readText(path: string): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new UsageError(`${path}: cannot be read`);
  }
  if (size > MAX_KEY_FILE_BYTES)
    throw new UsageError(`${path}: larger than ${MAX_KEY_FILE_BYTES} bytes`);
  return readFileSync(path, 'utf8');
}

function fromPem(text: string, path: string, alg: string | undefined): LoadedKeys {
  let details: { type: string; curve: string | undefined };
  try {
    const key = createPublicKey(text);
    details = { type: key.asymmetricKeyType ?? '', curve: key.asymmetricKeyDetails?.namedCurve };
  } catch {
    throw new UsageError(`${path}: not a PEM key`);
  }
  const curve = details.type === 'ed25519' ? 'ed25519' : details.curve;
  // An HMAC algorithm named by --alg is refused by createKeySet (a PEM holds no secret).
  const pemAlg = algFor(undefined, curve, alg, path) as Exclude<Algorithm, HmacAlgorithm>;
  return { keys: [{ alg: pemAlg, pem: text }], hasPrivate: text.includes('PRIVATE KEY') };
}

function fromJwk(jwk: Record<string, unknown>, where: string, alg: string | undefined): KeyInput {
  const kid = typeof jwk.kid === 'string' && jwk.kid !== '' ? jwk.kid : undefined;
  const input = { alg: algFor(jwk.alg, jwk.crv, alg, where), jwk };
  return kid === undefined ? input : { ...input, kid };
}

/** Reads the keys of the file at `path`; `alg` is `--alg`. A {@link UsageError} for anything unreadable. */
export function loadKeyFile(path: string, alg: string | undefined): LoadedKeys {
  const text = readText(path);
  if (text.trimStart().startsWith('-----BEGIN')) return fromPem(text, path, alg);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${path}: neither a PEM key nor JSON`);
  }
  if (typeof value !== 'object' || value === null)
    throw new UsageError(`${path}: not a JWK or a JWKS`);
  const list = Array.isArray((value as { keys?: unknown }).keys)
    ? (value as { keys: unknown[] }).keys
    : [value];
  const keys = list.map((jwk, i) => {
    if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
      throw new UsageError(`${path}: key ${i} is not a JSON object`);
    }
    return fromJwk(jwk as Record<string, unknown>, `${path} key ${i}`, alg);
  });
  const hasPrivate = list.some((jwk) => PRIVATE_MEMBERS.some((m) => m in (jwk as object)));
  return { keys, hasPrivate };
}
