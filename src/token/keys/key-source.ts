/**
 * Where a verifier finds its keys: a key set built once by `createKeySet`, or
 * a remote JWKS (`createRemoteKeySet`) whose keys change while the verifier
 * runs. The header check only ever asks "which configured key is this?";
 * keys never come from the token.
 * @module
 */
import type { Algorithm } from '../types.js';
import { canonicalAlgorithm } from './algorithms.js';
import type { ResolvedKey } from './resolved-key.js';

/** The verifier's view of a key set. */
export interface KeySource {
  /**
   * Changes whenever the keys change, so state derived from them (the
   * verifier's header memo) is dropped; a fixed key set stays at 0.
   */
  readonly version: number;
  /**
   * The key named `kid`, if the set holds one: the one bound to `alg` when a
   * remote JWK without `alg` was bound to several algorithms, else any
   * (whose binding then fails the header check).
   */
  byKid(kid: string, alg: Algorithm): ResolvedKey | undefined;
  /** The one key bound to `alg` (aliases count as one), or `undefined` for none or several. */
  onlyFor(alg: Algorithm): ResolvedKey | undefined;
  /**
   * Remote sets: a promise to wait on before looking keys up (no keys yet,
   * or the cache is stale); `undefined` when the keys at hand may be used.
   */
  ready?(): Promise<void> | undefined;
  /**
   * Remote sets: after a lookup missed, a promise of a refetch; `undefined`
   * when no refetch is allowed now (cooling down).
   */
  refetch?(): Promise<void> | undefined;
}

/** Lookups over a fixed list of keys; also what a remote set builds per fetch. */
export class KeyIndex {
  readonly #byKid = new Map<string, ResolvedKey[]>();
  // null marks an algorithm held by several keys: no key is "the only one".
  readonly #byAlg = new Map<Algorithm, ResolvedKey | null>();

  constructor(readonly keys: readonly ResolvedKey[]) {
    for (const key of keys) {
      const named = this.#byKid.get(key.kid);
      if (named === undefined) this.#byKid.set(key.kid, [key]);
      else named.push(key);
      const alg = canonicalAlgorithm(key.alg);
      this.#byAlg.set(alg, this.#byAlg.has(alg) ? null : key);
    }
  }

  byKid(kid: string, alg: Algorithm): ResolvedKey | undefined {
    const named = this.#byKid.get(kid);
    if (named === undefined || named.length === 1) return named?.[0];
    const wanted = canonicalAlgorithm(alg);
    return named.find((key) => canonicalAlgorithm(key.alg) === wanted) ?? named[0];
  }

  /** Every `kid`, once each, in order. */
  get kids(): string[] {
    return [...this.#byKid.keys()];
  }

  onlyFor(alg: Algorithm): ResolvedKey | undefined {
    return this.#byAlg.get(canonicalAlgorithm(alg)) ?? undefined;
  }
}

/** The source of a key set built once: fixed keys, version 0. */
export function fixedKeySource(keys: readonly ResolvedKey[]): KeySource {
  const index = new KeyIndex(keys);
  return {
    version: 0,
    byKid: (kid, alg) => index.byKid(kid, alg),
    onlyFor: (alg) => index.onlyFor(alg),
  };
}
