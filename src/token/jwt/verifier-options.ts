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
import { toAlgorithm } from '../keys/algorithms.js';
import { keySetInternals } from '../keys/key-set.js';
import type { Algorithm, VerifierOptions } from '../types.js';
import { type AttachCache, cacheAttachment } from './cache-attachment.js';
import { ACCESS_TOKEN_CLAIMS } from './validate-claims.js';
import type { VerifyConfig } from './verify-jwt.js';

/** {@link VerifierOptions} once checked: what `buildVerifier` takes. */
export interface ResolvedVerifierOptions
  extends Pick<VerifyConfig, 'header' | 'claims' | 'maxTokenBytes' | 'clock'> {
  /** Puts the verified-token cache in front of the pipeline; absent without one. */
  readonly cache: AttachCache | undefined;
}

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
  const { byKid } = keySetInternals(optionsObject(options, 'createVerifier').keys, name('keys'));
  const held = new Set([...byKid.values()].map((key) => key.alg));
  const algorithms = resolveAlgorithms(options.algorithms ?? [...held], held, name('algorithms'));
  const typ = options.typ ?? 'at+jwt';
  if (typeof typ !== 'string' || typ.trim().length === 0) {
    throw new TypeError(`tokenwarden: ${name('typ')} must be a non-empty string`);
  }
  return {
    header: { algorithms, keys: byKid, typ: normalizeTyp(typ.trim()) },
    claims: {
      issuers: stringSet(options.issuer, name('issuer')),
      audiences: stringSet(options.audience, name('audience')),
      required: [
        ...new Set([
          ...ACCESS_TOKEN_CLAIMS,
          ...stringList(options.requiredClaims, name('requiredClaims')),
        ]),
      ],
      tolerance: toSeconds(options.clockTolerance ?? '5s', name('clockTolerance')),
      maxAge: options.maxAge === undefined ? undefined : toSeconds(options.maxAge, name('maxAge')),
    },
    maxTokenBytes: positiveInteger(options.maxTokenBytes ?? 8192, name('maxTokenBytes')),
    clock: optionalClock(options.clock, name('clock')),
    cache: cacheAttachment(options.cache, name('cache')),
  };
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
  for (const alg of algorithms) {
    if (!held.has(alg)) {
      throw new TypeError(`tokenwarden: algorithm ${alg} is listed but no key of the set uses it`);
    }
  }
  return new Set(algorithms);
}
