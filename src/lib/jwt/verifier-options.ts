/**
 * Resolves and checks the verifier's options into a {@link VerifyConfig}.
 * @module
 */
import type { VerifierOptions } from '../../verifier.js';
import { type Clock, systemClock } from '../clock.js';
import { toSeconds } from '../duration.js';
import { HeaderMemo } from '../jws/header-memo.js';
import { normalizeTyp } from '../jws/typ.js';
import { type Algorithm, isAlgorithm, SUPPORTED_ALGORITHMS } from '../keys/algorithms.js';
import { keySetInternals } from '../keys/key-set.js';
import { callable, positiveInteger, stringList, stringSet } from '../options.js';
import type { SignatureBackend } from '../signature/signature-backend.js';
import { ACCESS_TOKEN_CLAIMS } from './validate-claims.js';
import type { VerifyConfig } from './verify-jwt.js';

/** Checks {@link VerifierOptions} once, at construction; a `TypeError` for anything wrong. */
export function resolveVerifierOptions(
  options: VerifierOptions,
  backend: SignatureBackend,
): VerifyConfig {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('tokenwarden: createVerifier needs an options object');
  }
  const { byKid } = keySetInternals(options.keys);
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
  for (const alg of value) {
    if (!isAlgorithm(alg)) {
      throw new TypeError(
        `tokenwarden: algorithm ${JSON.stringify(String(alg))} is not allowed; use one of ${SUPPORTED_ALGORITHMS.join(', ')}`,
      );
    }
    if (!held.has(alg)) {
      throw new TypeError(`tokenwarden: algorithm ${alg} is listed but no key of the set uses it`);
    }
  }
  return new Set(value as Algorithm[]);
}
