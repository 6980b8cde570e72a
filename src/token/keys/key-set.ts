/**
 * The key set: imported keys by `kid`, one signing key, and the JWKS view.
 * Internals live in a WeakMap, so only key sets built by `createKeySet` are
 * accepted by the issuer and verifier and callers cannot swap keys afterwards.
 * @module
 */
import type { Algorithm, KeyInput, KeySet, KeySetOptions, PublicJwk } from '../types.js';
import { importKey } from './import-key.js';
import { fixedKeySource, type KeySource } from './key-source.js';
import { toPublicJwk } from './public-jwk.js';
import type { ResolvedKey } from './resolved-key.js';

/** What the issuer and verifier see of a key set. */
export interface KeySetInternals {
  /** Where the verifier looks keys up. */
  readonly source: KeySource;
  /** Keys known at construction, readied by the backend when a verifier is built. */
  readonly keys: readonly ResolvedKey[];
  /** The algorithms a verifier may allow: those of the keys, or a remote set's allow-list. */
  readonly algorithms: ReadonlySet<Algorithm>;
  readonly signing: ResolvedKey | undefined;
}

const internals = new WeakMap<KeySet, KeySetInternals>();

/** Makes `set` usable by the issuer and verifier; for key sets built elsewhere (remote ones). */
export function registerKeySet(set: KeySet, inner: KeySetInternals): void {
  internals.set(set, inner);
}

/** Imports every key once and builds the key set, from one key or `{ keys, signingKid? }`. */
export async function buildKeySet(input: KeyInput | KeySetOptions): Promise<KeySet> {
  // A single key is told apart by having no "keys" member: KeyInput has none.
  const many = typeof input === 'object' && input !== null && 'keys' in input;
  const inputs = many ? input.keys : [input];
  if (Array.isArray(input) || !Array.isArray(inputs) || inputs.length === 0) {
    throw new TypeError('tokenwarden: createKeySet needs a key or a non-empty { keys: [...] }');
  }
  const keys = await Promise.all(
    inputs.map((key, index) => importKey(key, many ? `keys[${index}]` : 'key')),
  );
  const byKid = new Map<string, ResolvedKey>();
  for (const key of keys) {
    if (byKid.has(key.kid)) {
      throw new TypeError(`tokenwarden: duplicate kid ${JSON.stringify(key.kid)} in the key set`);
    }
    byKid.set(key.kid, key);
  }
  const signing = pickSigningKey(keys, byKid, many ? input.signingKid : undefined);
  const set: KeySet = Object.freeze({
    signingKid: signing?.kid,
    kids: Object.freeze(keys.map((key) => key.kid)),
    algorithms: Object.freeze([...new Set(keys.map((key) => key.alg))]),
    jwks: () => ({ keys: publicJwks(keys) }),
  });
  internals.set(set, {
    source: fixedKeySource(keys),
    keys,
    algorithms: new Set(set.algorithms),
    signing,
  });
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

/**
 * The internals of a key set built by `createKeySet`; a `TypeError` naming
 * `option` for anything else.
 */
export function keySetInternals(value: unknown, option = 'keys'): KeySetInternals {
  const found =
    typeof value === 'object' && value !== null ? internals.get(value as KeySet) : undefined;
  if (found === undefined) {
    throw new TypeError(
      `tokenwarden: "${option}" must be a key set made by createKeySet() or createRemoteKeySet()`,
    );
  }
  return found;
}
