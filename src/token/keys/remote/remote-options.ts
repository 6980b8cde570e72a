/**
 * Checks `createRemoteKeySet`'s options once; a `TypeError` for anything wrong.
 * @module
 */
import { toSeconds } from '../../../core/duration.js';
import { optionalClock, optionsObject } from '../../../core/options.js';
import type { Algorithm, RemoteKeySetOptions } from '../../types.js';
import { algorithmAliases, isSymmetric, SUPPORTED_ALGORITHMS, toAlgorithm } from '../algorithms.js';
import type { FetchLike } from './fetch-jwks.js';
import type { ResolvedRemoteOptions } from './remote-key-set.js';

/** Resolves {@link RemoteKeySetOptions}. */
export function resolveRemoteOptions(options: RemoteKeySetOptions): ResolvedRemoteOptions {
  optionsObject(options, 'createRemoteKeySet');
  const fetchFn = options.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== 'function') {
    throw new TypeError('tokenwarden: createRemoteKeySet needs a global fetch, or a fetch option');
  }
  const timeout = toSeconds(options.timeout ?? '5s', 'timeout');
  if (timeout === 0) throw new TypeError('tokenwarden: timeout must be at least 1 second');
  const min = toSeconds(options.minCacheAge ?? '30s', 'minCacheAge');
  const max = toSeconds(options.maxCacheAge ?? '1d', 'maxCacheAge');
  if (min > max) throw new TypeError('tokenwarden: minCacheAge must not exceed maxCacheAge');
  return {
    url: jwksUrl(options.jwksUri),
    algorithms: allowList(options.algorithms),
    fetch: fetchFn as unknown as FetchLike,
    headers: headers(options.headers),
    timeoutMs: timeout * 1000,
    cooldownMs: toSeconds(options.cooldown ?? '30s', 'cooldown') * 1000,
    freshness: { fallback: toSeconds(options.cacheMaxAge ?? '10m', 'cacheMaxAge'), min, max },
    clock: optionalClock(options.clock),
  };
}

function jwksUrl(value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' || value instanceof URL ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new TypeError('tokenwarden: jwksUri must be an absolute https: (or http:) URL');
  }
  return url.href;
}

function allowList(value: unknown): ReadonlySet<Algorithm> {
  const list =
    value === undefined ? SUPPORTED_ALGORITHMS.filter((alg) => !isSymmetric(alg)) : value;
  if (!Array.isArray(list) || list.length === 0) {
    throw new TypeError('tokenwarden: algorithms must be a non-empty array');
  }
  const algs = list.map((item, index) => toAlgorithm(item, `algorithms[${index}]`));
  for (const alg of algs) {
    // A JWKS is public: an HMAC key in it would let anyone mint tokens.
    if (isSymmetric(alg)) {
      throw new TypeError(`tokenwarden: a remote key set cannot use ${alg} (a shared secret)`);
    }
  }
  return new Set(algs.flatMap(algorithmAliases));
}

function headers(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (
    typeof value !== 'object' ||
    value === null ||
    !Object.values(value).every((item) => typeof item === 'string')
  ) {
    throw new TypeError('tokenwarden: headers must be an object of strings');
  }
  return { ...(value as Record<string, string>) };
}
