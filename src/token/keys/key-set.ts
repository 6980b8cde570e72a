/**
 * The key set: imported keys by `kid`, one signing key, and the JWKS view.
 * Internals live in a WeakMap, so only key sets built by `createKeySet` are
 * accepted by the issuer and verifier and callers cannot swap keys afterwards.
 * @module
 */
import { optionsObject } from '../../core/options.js';
import type { Algorithm } from './algorithms.js';
import { type KeyInput, importKey } from './import-key.js';
import { type PublicJwk, toPublicJwk } from './public-jwk.js';
import type { ResolvedKey } from './resolved-key.js';

/**
 * Options of `createKeySet`.
 *
 * @example
 * ```ts
 * const options: KeySetOptions = { keys: [newKey, oldPublicKey], signingKid: 'new' };
 * ```
 */
export interface KeySetOptions {
  /** The keys, newest first is a good habit: the first key that can sign signs by default. */
  keys: readonly KeyInput[];
  /** The `kid` of the signing key. Default: the first key that holds a private key or secret. */
  signingKid?: string;
}

/**
 * A JSON Web Key Set of public keys only (RFC 7517 §5).
 *
 * @example
 * ```ts
 * app.get('/.well-known/jwks.json', (_req, res) => res.json(keys.jwks()));
 * ```
 */
export interface PublicJwks {
  keys: PublicJwk[];
}

/**
 * A set of keys bound to algorithms: one signs, all of them verify.
 *
 * @example
 * ```ts
 * const keys = await createKeySet({ keys: [{ alg: 'ES256', pem: privatePem }] });
 * keys.signingKid; // the thumbprint of the key
 * keys.jwks();     // { keys: [{ kty: 'EC', crv: 'P-256', x, y, kid, alg: 'ES256', use: 'sig' }] }
 * ```
 */
export interface KeySet {
  /** The `kid` of the signing key, or `undefined` for a verify-only set. */
  readonly signingKid: string | undefined;
  /** Every `kid`, in configuration order. */
  readonly kids: readonly string[];
  /** The distinct algorithms of the keys, in configuration order. */
  readonly algorithms: readonly Algorithm[];
  /** The public keys as a JWKS (`kid`, `alg`, `use: "sig"`); HMAC keys are never listed. */
  jwks(): PublicJwks;
}

/** What the issuer and verifier see of a key set. */
export interface KeySetInternals {
  readonly byKid: ReadonlyMap<string, ResolvedKey>;
  readonly signing: ResolvedKey | undefined;
}

const internals = new WeakMap<KeySet, KeySetInternals>();

/** Imports every key once and builds the key set. */
export async function buildKeySet(options: KeySetOptions): Promise<KeySet> {
  const inputs = optionsObject(options, 'createKeySet').keys;
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new TypeError('tokenwarden: createKeySet needs a non-empty "keys" array');
  }
  const keys = await Promise.all(inputs.map((input, index) => importKey(input, index)));
  const byKid = new Map<string, ResolvedKey>();
  for (const key of keys) {
    if (byKid.has(key.kid)) {
      throw new TypeError(`tokenwarden: duplicate kid ${JSON.stringify(key.kid)} in the key set`);
    }
    byKid.set(key.kid, key);
  }
  const signing = pickSigningKey(keys, byKid, options.signingKid);
  const set: KeySet = Object.freeze({
    signingKid: signing?.kid,
    kids: Object.freeze(keys.map((key) => key.kid)),
    algorithms: Object.freeze([...new Set(keys.map((key) => key.alg))]),
    jwks: () => ({ keys: publicJwks(keys) }),
  });
  internals.set(set, { byKid, signing });
  return set;
}

function pickSigningKey(
  keys: readonly ResolvedKey[],
  byKid: ReadonlyMap<string, ResolvedKey>,
  signingKid: string | undefined,
): ResolvedKey | undefined {
  if (signingKid === undefined) return keys.find((key) => key.signKey !== undefined);
  const key = typeof signingKid === 'string' ? byKid.get(signingKid) : undefined;
  if (key === undefined) {
    throw new TypeError('tokenwarden: signingKid does not name a key of the set');
  }
  if (key.signKey === undefined) {
    throw new TypeError(
      'tokenwarden: signingKid names a public key; signing needs a private key or secret',
    );
  }
  return key;
}

function publicJwks(keys: readonly ResolvedKey[]): PublicJwk[] {
  const out: PublicJwk[] = [];
  for (const key of keys) {
    if (key.publicKey !== undefined) out.push(toPublicJwk(key.publicKey, key.kid, key.alg));
  }
  return out;
}

/** The internals of a key set built by `createKeySet`; `TypeError` for anything else. */
export function keySetInternals(value: unknown): KeySetInternals {
  const found =
    typeof value === 'object' && value !== null ? internals.get(value as KeySet) : undefined;
  if (found === undefined) {
    throw new TypeError('tokenwarden: "keys" must be a key set made by createKeySet()');
  }
  return found;
}
