/**
 * The key set: imported keys by `kid`, one signing key, and the JWKS view.
 * Internals live in a WeakMap, so only key sets built by `createKeySet` are
 * accepted by the issuer and verifier and callers cannot swap keys afterwards.
 * @module
 */
import type { KeyInput, KeySet, KeySetOptions, PublicJwk } from '../types.js';
import { importKey } from './import-key.js';
import { toPublicJwk } from './public-jwk.js';
import type { ResolvedKey } from './resolved-key.js';

/** What the issuer and verifier see of a key set. */
export interface KeySetInternals {
  readonly byKid: ReadonlyMap<string, ResolvedKey>;
  readonly signing: ResolvedKey | undefined;
}

const internals = new WeakMap<KeySet, KeySetInternals>();

/** Imports every key once and builds the key set, from one key or `{ keys, signingKid? }`. */
export async function buildKeySet(input: KeyInput | KeySetOptions): Promise<KeySet> {
  const { inputs, where, signingKid } = keyInputs(input);
  const keys = await Promise.all(inputs.map((key, index) => importKey(key, where(index))));
  const byKid = new Map<string, ResolvedKey>();
  for (const key of keys) {
    if (byKid.has(key.kid)) {
      throw new TypeError(`tokenwarden: duplicate kid ${JSON.stringify(key.kid)} in the key set`);
    }
    byKid.set(key.kid, key);
  }
  const signing = pickSigningKey(keys, byKid, signingKid);
  const set: KeySet = Object.freeze({
    signingKid: signing?.kid,
    kids: Object.freeze(keys.map((key) => key.kid)),
    algorithms: Object.freeze([...new Set(keys.map((key) => key.alg))]),
    jwks: () => ({ keys: publicJwks(keys) }),
  });
  internals.set(set, { byKid, signing });
  return set;
}

interface KeyInputs {
  readonly inputs: readonly KeyInput[];
  /** How error messages name the key at `index`. */
  readonly where: (index: number) => string;
  readonly signingKid: string | undefined;
}

// A single key is told apart by having no "keys" member: KeyInput has none.
function keyInputs(input: KeyInput | KeySetOptions): KeyInputs {
  const isObject = typeof input === 'object' && input !== null && !Array.isArray(input);
  if (!isObject || !('keys' in input || 'alg' in input)) {
    throw new TypeError(
      'tokenwarden: createKeySet needs one key ({ alg, jwk | pem | secret }) or { keys: [...] }',
    );
  }
  if (!('keys' in input)) return { inputs: [input], where: () => 'key', signingKid: undefined };
  if (!Array.isArray(input.keys) || input.keys.length === 0) {
    throw new TypeError('tokenwarden: createKeySet needs a non-empty "keys" array');
  }
  return { inputs: input.keys, where: (index) => `keys[${index}]`, signingKid: input.signingKid };
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
    throw new TypeError(`tokenwarden: "${option}" must be a key set made by createKeySet()`);
  }
  return found;
}
