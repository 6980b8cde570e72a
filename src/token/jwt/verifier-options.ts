/**
 * Resolves and checks the verifier's options into a {@link VerifyConfig}.
 * @module
 */
import type { VerifierOptions } from '../verifier.js';
import { type Clock, systemClock } from '../../core/clock.js';
import { toSeconds } from '../../core/duration.js';
import { HeaderMemo } from '../jws/header-memo.js';
import { normalizeTyp } from '../jws/typ.js';
import { type Algorithm, toAlgorithm } from '../keys/algorithms.js';
import { keySetInternals } from '../keys/key-set.js';
import {
  callable,
  optionsObject,
  positiveInteger,
  stringList,
  stringSet,
} from '../../core/options.js';
import type { SignatureBackend } from '../signature/signature-backend.js';
import { ACCESS_TOKEN_CLAIMS } from './validate-claims.js';
import type { VerifyConfig } from './verify-jwt.js';

/** Checks {@link VerifierOptions} once, at construction; a `TypeError` for anything wrong. */
export function resolveVerifierOptions(
  options: VerifierOptions,
  backend: SignatureBackend,
): VerifyConfig {
  const { byKid } = keySetInternals(optionsObject(options, 'createVerifier').keys);
  const held = new Set([...byKid.values()].map((key) => key.alg));
  const algorithms = resolveAlgorithms(options.algorithms ?? [...held], held);
  const typ = options.typ ?? 'at+jwt';
  if (typeof typ !== 'string' || typ.trim().length === 0) {
    throw new TypeError('tokenwarden: typ must be a non-empty string');
  }
  return {
    header: { algorithms, keys: byKid, typ: normalizeTyp(typ.trim()) },
    claims: {
      issuers: stringSet(options.issuer, 'issuer'),
      audiences: stringSet(options.audience, 'audience'),
      required: [
        ...new Set([
          ...ACCESS_TOKEN_CLAIMS,
          ...stringList(options.requiredClaims, 'requiredClaims'),
        ]),
      ],
      tolerance: toSeconds(options.clockTolerance ?? '5s', 'clockTolerance'),
      maxAge: options.maxAge === undefined ? undefined : toSeconds(options.maxAge, 'maxAge'),
    },
    maxTokenBytes: positiveInteger(options.maxTokenBytes ?? 8192, 'maxTokenBytes'),
    clock: callable<Clock>(options.clock ?? systemClock, 'clock'),
    backend,
    headers: new HeaderMemo(),
  };
}

function resolveAlgorithms(value: unknown, held: ReadonlySet<Algorithm>): Set<Algorithm> {
  if (!Array.isArray(value) || value.length === 0) {
    throw new TypeError('tokenwarden: algorithms must be a non-empty array');
  }
  const algorithms = value.map((item, index) => toAlgorithm(item, `algorithms[${index}]`));
  for (const alg of algorithms) {
    if (!held.has(alg)) {
      throw new TypeError(`tokenwarden: algorithm ${alg} is listed but no key of the set uses it`);
    }
  }
  return new Set(algorithms);
}
