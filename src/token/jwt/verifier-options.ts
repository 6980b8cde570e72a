/**
 * Resolves the verifier's options once, at construction.
 * @module
 */
import { toSeconds } from '../../core/duration.js';
import {
  type OptionNames,
  optionalClock,
  optionNamer,
  optionsObject,
  positiveInteger,
  stringList,
  stringSet,
} from '../../core/options.js';
import { normalizeTyp } from '../jws/typ.js';
import { algorithmAliases, canonicalAlgorithm, toAlgorithm } from '../keys/algorithms.js';
import { keySetInternals } from '../keys/key-set.js';
import type { ResolvedKey } from '../keys/resolved-key.js';
import type { Algorithm, VerifierOptions, VerifierProfile } from '../types.js';
import { type AttachCache, cacheAttachment } from './cache-attachment.js';
import { PROFILE_CLAIMS } from './validate-claims.js';
import type { VerifyConfig } from './verify-jwt.js';

/** {@link VerifierOptions} once checked: what `buildVerifier` takes. */
export interface ResolvedVerifierOptions
  extends Pick<VerifyConfig, 'header' | 'claims' | 'maxTokenBytes' | 'clock'> {
  /** Puts the verified-token cache in front of the pipeline; absent without one. */
  readonly cache: AttachCache | undefined;
  /** Keys known now, readied by the backend once when the verifier is built. */
  readonly keys: readonly ResolvedKey[];
}

const PROFILES: readonly VerifierProfile[] = ['tokenwarden', 'rfc9068', 'jwt'];

/**
 * Checks {@link VerifierOptions} once, at construction; a `TypeError` for
 * anything wrong, naming each option as `names` says (default: its own name).
 *
 * @example
 * ```ts
 * const resolved = resolveVerifierOptions({ keys, issuer, audience, clockTolerance: '5s' });
 * const verifier = buildVerifier(resolved);
 * ```
 */
export function resolveVerifierOptions(
  options: VerifierOptions,
  names?: OptionNames<VerifierOptions>,
): ResolvedVerifierOptions {
  const name = optionNamer(names);
  const inner = keySetInternals(optionsObject(options, 'createVerifier').keys, name('keys'));
  const profile = resolveProfile(options.profile, name('profile'));
  const algorithms = resolveAlgorithms(
    options.algorithms ?? [...inner.algorithms],
    inner.algorithms,
    name('algorithms'),
  );
  const strict = profile !== 'jwt';
  const issuers = optionalSet(options.issuer, strict, name('issuer'));
  const audiences = optionalSet(options.audience, strict, name('audience'));
  return {
    header: {
      algorithms,
      keys: inner.source,
      typ: resolveTyp(options.typ ?? (strict ? 'at+jwt' : false), name('typ')),
      requireKid: resolveFlag(options.requireKid, true, name('requireKid')),
    },
    claims: {
      issuers,
      audiences,
      required: [
        ...new Set([
          ...PROFILE_CLAIMS[profile],
          ...(issuers === undefined ? [] : ['iss']),
          ...(audiences === undefined ? [] : ['aud']),
          ...stringList(options.requiredClaims, name('requiredClaims')),
        ]),
      ],
      tolerance: toSeconds(options.clockTolerance ?? '5s', name('clockTolerance')),
      maxAge: options.maxAge === undefined ? undefined : toSeconds(options.maxAge, name('maxAge')),
    },
    maxTokenBytes: positiveInteger(options.maxTokenBytes ?? 8192, name('maxTokenBytes')),
    clock: optionalClock(options.clock, name('clock')),
    cache: cacheAttachment(options.cache, name('cache')),
    keys: inner.keys,
  };
}

function resolveProfile(value: unknown, option: string): VerifierProfile {
  if (value === undefined) return 'tokenwarden';
  if (PROFILES.includes(value as VerifierProfile)) return value as VerifierProfile;
  throw new TypeError(`tokenwarden: ${option} must be one of ${PROFILES.join(', ')}`);
}

function optionalSet(
  value: unknown,
  required: boolean,
  option: string,
): ReadonlySet<string> | undefined {
  if (value === undefined && !required) return undefined;
  return stringSet(value, option);
}

function resolveFlag(value: unknown, fallback: boolean, option: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`tokenwarden: ${option} must be a boolean`);
  return value;
}

function resolveTyp(value: unknown, option: string): ReadonlySet<string> | undefined {
  if (value === false) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    !list.every((typ) => typeof typ === 'string' && typ.trim().length > 0)
  ) {
    throw new TypeError(
      `tokenwarden: ${option} must be a non-empty string, a non-empty array of them, or false`,
    );
  }
  return new Set(list.map((typ: string) => normalizeTyp(typ.trim())));
}

function resolveAlgorithms(
  value: unknown,
  held: ReadonlySet<Algorithm>,
  option: string,
): Set<Algorithm> {
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError(`tokenwarden: ${option} must be a non-empty array`);
  }
  const algorithms = value.map((item, index) => toAlgorithm(item, `${option}[${index}]`));
  const heldCanonical = new Set([...held].map(canonicalAlgorithm));
  for (const alg of algorithms) {
    if (!heldCanonical.has(canonicalAlgorithm(alg))) {
      throw new TypeError(`tokenwarden: algorithm ${alg} is listed but no key of the set uses it`);
    }
  }
  return new Set(algorithms.flatMap(algorithmAliases));
}
