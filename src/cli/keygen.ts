/**
 * `tokenwarden keygen`: a new signing key, as a private JWK, a PKCS #8 PEM or
 * `.env` lines. Private material goes to stdout only; stderr gets one line
 * saying so. The `kid` is the one `createKeySet` derives (the RFC 7638
 * thumbprint) unless `--kid` names one.
 * @module
 */
import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { type Algorithm, createKeySet, type KeyInput } from '../index.js';
import { type CommandResult, EXIT, UsageError } from './exit-codes.js';

/** The formats `--format` takes. */
export const KEY_FORMATS = ['jwk', 'pem', 'env'] as const;
export type KeyFormat = (typeof KEY_FORMATS)[number];

/** What `keygen` needs, parsed from its arguments. */
export interface KeygenOptions {
  alg: string;
  kid?: string;
  format: string;
  json: boolean;
}

// RFC 7518 §3.2: an HMAC secret at least as long as the hash output. RSA at
// 2048 bits, the floor RFC 7518 §3.3 sets and createKeySet enforces.
const GENERATORS: Record<Algorithm, () => KeyObject | Buffer> = {
  EdDSA: () => generateKeyPairSync('ed25519').privateKey,
  Ed25519: () => generateKeyPairSync('ed25519').privateKey,
  ES256: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
  ES384: () => generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey,
  ES512: () => generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey,
  RS256: () => rsa(),
  RS384: () => rsa(),
  RS512: () => rsa(),
  PS256: () => rsa(),
  PS384: () => rsa(),
  PS512: () => rsa(),
  HS256: () => randomBytes(32),
  HS384: () => randomBytes(48),
  HS512: () => randomBytes(64),
};

function rsa(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

/** True for the algorithms tokenwarden signs and verifies (and `keygen` makes keys for). */
export function isAlgorithm(value: string): value is Algorithm {
  return Object.hasOwn(GENERATORS, value);
}

interface Generated {
  alg: Algorithm;
  kid: string;
  /** The private JWK (`kty: "oct"` for a secret), with `kid`, `alg` and `use`. */
  jwk: Record<string, unknown>;
  /** PKCS #8 PEM, for asymmetric keys. */
  pem?: string;
  /** The HMAC secret as the string `createKeySet({ secret })` takes (base64url of the bytes). */
  secret?: string;
}

async function generate(alg: Algorithm, kid: string | undefined): Promise<Generated> {
  const material = GENERATORS[alg]();
  if (Buffer.isBuffer(material)) {
    // The secret is used as the UTF-8 string: base64url keeps it printable and
    // its 4/3 growth keeps it over the minimum length.
    const secret = material.toString('base64url');
    const input: KeyInput = { alg: alg as 'HS256', secret, ...(kid ? { kid } : {}) };
    const resolvedKid = (await createKeySet(input)).kids[0]!;
    const k = Buffer.from(secret, 'utf8').toString('base64url');
    return {
      alg,
      kid: resolvedKid,
      jwk: { kty: 'oct', k, kid: resolvedKid, alg, use: 'sig' },
      secret,
    };
  }
  const raw = material.export({ format: 'jwk' }) as Record<string, unknown>;
  const resolvedKid = (await createKeySet({ alg, jwk: raw, ...(kid ? { kid } : {}) })).kids[0]!;
  const pem = material.export({ type: 'pkcs8', format: 'pem' }) as string;
  return { alg, kid: resolvedKid, jwk: { ...raw, kid: resolvedKid, alg, use: 'sig' }, pem };
}

function envLines(key: Generated): string {
  const lines = [`JWT_ALG=${key.alg}`, `JWT_KID=${key.kid}`];
  // Single quotes: dotenv then takes the JSON as it is (base64url has no quote).
  if (key.secret !== undefined) lines.push(`JWT_SECRET=${key.secret}`);
  else lines.push(`JWT_PRIVATE_JWK='${JSON.stringify(key.jwk)}'`);
  return `${lines.join('\n')}\n`;
}

function render(key: Generated, format: KeyFormat): string {
  if (format === 'env') return envLines(key);
  if (format === 'pem') return key.pem!;
  return `${JSON.stringify(key.jwk, null, 2)}\n`;
}

/** Runs `keygen`. */
export async function keygen(options: KeygenOptions): Promise<CommandResult> {
  if (!isAlgorithm(options.alg)) {
    throw new UsageError(`--alg must be one of ${Object.keys(GENERATORS).join(', ')}`);
  }
  const format = options.format as KeyFormat;
  if (!KEY_FORMATS.includes(format))
    throw new UsageError(`--format must be one of ${KEY_FORMATS.join(', ')}`);
  if (format === 'pem' && options.alg.startsWith('HS')) {
    throw new UsageError(
      '--format pem is for asymmetric keys; an HMAC secret prints as jwk or env',
    );
  }
  if (options.kid === '') throw new UsageError('--kid must not be empty');
  const key = await generate(options.alg, options.kid);
  const text = render(key, format);
  const stdout = options.json
    ? `${JSON.stringify({ alg: key.alg, kid: key.kid, format, key: format === 'jwk' ? key.jwk : text })}\n`
    : text;
  return {
    code: EXIT.ok,
    stdout,
    stderr: `tokenwarden: private key ${key.kid} (${key.alg}) printed to stdout: keep it secret, never commit it\n`,
  };
}
