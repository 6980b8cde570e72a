/**
 * Turns one key input (JWK, PEM or HMAC secret) into a {@link ResolvedKey}.
 * Every misfit between key and algorithm is a configuration `TypeError`.
 * @module
 */
import { nonEmptyString } from '../../core/options.js';
import type { KeyInput } from '../types.js';
import { toAlgorithm } from './algorithms.js';
import { fromJwk, fromPem } from './import-asymmetric.js';
import { fromSecret } from './import-secret.js';
import type { ResolvedKey } from './resolved-key.js';

/** Imports one key input; `where` names it in error messages (`key`, `keys[2]`). */
export async function importKey(input: KeyInput, where: string): Promise<ResolvedKey> {
  if (typeof input !== 'object' || input === null) {
    throw new TypeError(`tokenwarden: ${where} must be an object`);
  }
  const alg = toAlgorithm(input.alg, `${where}.alg`);
  const kid = input.kid === undefined ? undefined : nonEmptyString(input.kid, `${where}.kid`);
  const sources = ['jwk', 'pem', 'secret'].filter((name) => name in input);
  if (sources.length !== 1) {
    throw new TypeError(`tokenwarden: ${where} needs exactly one of "jwk", "pem" or "secret"`);
  }
  if ('secret' in input) return fromSecret(alg, input.secret, kid, where);
  if ('pem' in input) return fromPem(alg, input.pem, kid, where);
  return fromJwk(alg, input.jwk, kid, where);
}
