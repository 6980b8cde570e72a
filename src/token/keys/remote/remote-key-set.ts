/**
 * The remote key set: a JWKS fetched from an issuer, cached, and refetched
 * when it goes stale or a token names a key it does not hold, with a
 * cooldown between fetches. It never adds keys from a token; it only asks
 * the configured URL again.
 *
 * States: no keys yet (verification waits for the first fetch, and fails with
 * `KEYS_UNAVAILABLE` if it fails); fresh; stale (the next verification waits
 * for a refetch, and keeps the last good keys if it fails). Every fetch,
 * successful or not, starts a cooldown; concurrent callers share the one in
 * flight.
 * @module
 */
import type { Clock } from '../../../core/clock.js';
import { AuthError } from '../../../core/errors.js';
import type { Algorithm, PublicJwk, RemoteKeySet } from '../../types.js';
import { KeyIndex, type KeySource } from '../key-source.js';
import { registerKeySet } from '../key-set.js';
import { toPublicJwk } from '../public-jwk.js';
import { type FreshnessBounds, freshSeconds } from './cache-control.js';
import { type FetchLike, fetchJwks } from './fetch-jwks.js';
import { importRemoteJwks } from './import-remote-jwk.js';

/** The remote key set's options once checked. */
export interface ResolvedRemoteOptions {
  readonly url: string;
  readonly algorithms: ReadonlySet<Algorithm>;
  readonly fetch: FetchLike;
  readonly headers: Record<string, string>;
  readonly timeoutMs: number;
  readonly cooldownMs: number;
  readonly freshness: FreshnessBounds;
  readonly clock: Clock;
}

/** Builds the key set and registers it, so verifiers accept it as `keys`. */
export function buildRemoteKeySet(options: ResolvedRemoteOptions): RemoteKeySet {
  const state = new RemoteKeys(options);
  const set: RemoteKeySet = Object.freeze({
    signingKid: undefined,
    get kids() {
      return state.kids;
    },
    algorithms: Object.freeze([...options.algorithms]),
    jwks: () => ({ keys: state.publicJwks() }),
    reload: () => state.reload(),
    get fresh() {
      return state.fresh;
    },
    get coolingDown() {
      return state.coolingDown;
    },
  });
  registerKeySet(set, {
    source: state,
    keys: [],
    algorithms: options.algorithms,
    signing: undefined,
  });
  return set;
}

class RemoteKeys implements KeySource {
  readonly #options: ResolvedRemoteOptions;
  #index: KeyIndex | undefined;
  #version = 0;
  #freshUntil = 0;
  #lastAttempt: number | undefined;
  #lastError: unknown;
  #inFlight: Promise<void> | undefined;

  constructor(options: ResolvedRemoteOptions) {
    this.#options = options;
  }

  get version(): number {
    return this.#version;
  }

  get kids(): readonly string[] {
    return Object.freeze(this.#index?.kids ?? []);
  }

  get fresh(): boolean {
    return this.#index !== undefined && this.#now() < this.#freshUntil;
  }

  get coolingDown(): boolean {
    return (
      this.#lastAttempt !== undefined && this.#now() - this.#lastAttempt < this.#options.cooldownMs
    );
  }

  byKid(kid: string, alg: Algorithm) {
    return this.#index?.byKid(kid, alg);
  }

  onlyFor(alg: Algorithm) {
    return this.#index?.onlyFor(alg);
  }

  publicJwks(): PublicJwk[] {
    const keys = this.#index?.keys ?? [];
    return keys.flatMap((key) =>
      key.publicKey === undefined ? [] : [toPublicJwk(key.publicKey, key.kid, key.alg)],
    );
  }

  ready(): Promise<void> | undefined {
    if (this.#index === undefined) {
      // No keys at all: a verification can only wait for them, or fail.
      if (this.#inFlight === undefined && this.coolingDown) {
        return Promise.reject(this.#unavailable());
      }
      return this.#fetch().then(
        () => undefined,
        () => {
          throw this.#unavailable();
        },
      );
    }
    if (this.#now() < this.#freshUntil) return undefined;
    // Stale: refetch (or join the fetch in flight); the last good keys stay on failure.
    if (this.#inFlight === undefined && this.coolingDown) return undefined;
    return this.#fetch().catch(() => undefined);
  }

  refetch(): Promise<void> | undefined {
    if (this.#inFlight === undefined && this.coolingDown) return undefined;
    return this.#fetch().catch(() => undefined);
  }

  reload(): Promise<void> {
    return this.#fetch().catch(() => {
      throw this.#unavailable();
    });
  }

  #fetch(): Promise<void> {
    this.#inFlight ??= this.#download().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #download(): Promise<void> {
    const options = this.#options;
    this.#lastAttempt = this.#now();
    try {
      const fetched = await fetchJwks(
        options.fetch,
        options.url,
        options.headers,
        options.timeoutMs,
      );
      const keys = await importRemoteJwks(fetched.keys, options.algorithms);
      if (keys.length === 0)
        throw new Error('the JWKS holds no key usable with the allowed algorithms');
      this.#index = new KeyIndex(keys);
      this.#version += 1;
      this.#freshUntil = this.#now() + freshSeconds(fetched.cacheControl, options.freshness) * 1000;
      this.#lastError = undefined;
    } catch (err) {
      this.#lastError = err;
      throw err;
    }
  }

  #unavailable(): AuthError {
    return new AuthError('KEYS_UNAVAILABLE', { cause: this.#lastError });
  }

  #now(): number {
    return this.#options.clock();
  }
}
