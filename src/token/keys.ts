/**
 * Key sets: keys loaded once from a JWK, a PEM or an HMAC secret, each bound
 * to exactly one algorithm, with one signing key and any number of
 * verification keys (for rotation), and a JWKS of the public keys.
 *
 * @example
 * ```ts
 * import { generateKeyPair, exportJWK } from 'jose';
 * import { createKeySet } from 'tokenwarden';
 *
 * const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
 * const keys = await createKeySet({ alg: 'EdDSA', jwk: await exportJWK(privateKey) });
 * keys.jwks(); // { keys: [{ kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' }] }
 * ```
 * @module
 */
import { buildKeySet } from './keys/key-set.js';
import { buildRemoteKeySet } from './keys/remote/remote-key-set.js';
import { resolveRemoteOptions } from './keys/remote/remote-options.js';
import type {
  KeyInput,
  KeySet,
  KeySetOptions,
  RemoteKeySet,
  RemoteKeySetOptions,
} from './types.js';

/**
 * Builds a {@link KeySet} from one key. Keys are imported once, here. Bad
 * configuration (an unknown or `none` algorithm, a key that does not fit its
 * algorithm, an HMAC secret shorter than the hash output, an RSA key under
 * 2048 bits) rejects with a `TypeError`. `kid` defaults to the RFC 7638 thumbprint.
 *
 * @example
 * ```ts
 * const keys = await createKeySet({ alg: 'HS256', secret: process.env.JWT_SECRET! });
 * const named = await createKeySet({ alg: 'EdDSA', jwk: privateJwk, kid: '2025-01' });
 * ```
 */
export function createKeySet(key: KeyInput): Promise<KeySet>;
/**
 * Builds a {@link KeySet} from several keys, for rotation: one signs (the first
 * that can, or `signingKid`), all of them verify. Keys are imported once,
 * here. Bad configuration (as for a single key, plus a duplicate `kid` or a
 * `signingKid` that names no private key or secret) rejects with a `TypeError`.
 *
 * @example
 * ```ts
 * const keys = await createKeySet({
 *   keys: [
 *     { alg: 'ES256', pem: process.env.NEW_PRIVATE_KEY_PEM! },     // signs
 *     { alg: 'ES256', pem: process.env.OLD_PUBLIC_KEY_PEM!, kid: 'old' }, // still verifies
 *   ],
 * });
 * ```
 */
export function createKeySet(options: KeySetOptions): Promise<KeySet>;
export function createKeySet(input: KeyInput | KeySetOptions): Promise<KeySet> {
  return buildKeySet(input);
}

/**
 * A key set fetched from an issuer's JWKS, for resource servers that verify
 * tokens issued elsewhere: pass it as `keys` to `createVerifier`. Nothing is
 * fetched until the first verification (or `reload()`); then the keys are
 * cached for the response's `Cache-Control: max-age` (held between
 * `minCacheAge` and `maxCacheAge`, `cacheMaxAge` without one). A token whose
 * `kid` is unknown triggers one refetch, at most once per `cooldown`, so a
 * rotation at the issuer is picked up without rebuilding the verifier and a
 * flood of invented `kid`s costs at most one request per cooldown;
 * concurrent misses share one request. A fetch that fails (timeout, HTTP
 * error, bad JSON, no usable key) keeps the last good keys; only when there
 * are none does verification fail, with `KEYS_UNAVAILABLE` (503). A JWKS with
 * private members (`d`, `k`, …) is refused whole; keys for other uses or
 * algorithms are skipped. On Node the keys verify through `node:crypto`, like
 * local ones. Bad options throw a `TypeError` here.
 *
 * Differences from jose's `createRemoteJWKSet`: `Cache-Control` is honoured
 * (jose uses a fixed `cacheMaxAge`); failures keep the last good keys; HMAC
 * and private keys are refused; each key is bound to one algorithm of the
 * allow-list; durations are `Duration`s, not milliseconds.
 *
 * @example
 * ```ts
 * const keys = createRemoteKeySet({
 *   jwksUri: 'https://auth.example/.well-known/jwks.json',
 *   algorithms: ['ES256'],
 * });
 * const verifier = createVerifier({
 *   keys,
 *   issuer: 'https://auth.example',
 *   audience: 'https://api.example',
 *   profile: 'rfc9068',
 * });
 * const { claims } = await verifier.verify(token);
 * ```
 */
export function createRemoteKeySet(options: RemoteKeySetOptions): RemoteKeySet {
  return buildRemoteKeySet(resolveRemoteOptions(options));
}

export type {
  Algorithm,
  HmacAlgorithm,
  JwkInput,
  KeyInput,
  KeySet,
  KeySetOptions,
  PublicJwk,
  PublicJwks,
  RemoteKeySet,
  RemoteKeySetOptions,
} from './types.js';
