/**
 * Turns configured key material into a `KeyObject` once, at construction, and
 * refuses any key that does not fit the one algorithm it is bound to. Bad keys
 * are configuration errors: a `TypeError` that never quotes the key.
 *
 * @example
 * ```ts
 * const key = importVerifyKey('ES256', { kty: 'EC', crv: 'P-256', x, y });
 * verifySignature('ES256', key, data, signature);
 * ```
 * @module
 */
import {
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  type JsonWebKey,
  KeyObject,
} from 'node:crypto';
import {
  type AlgorithmParams,
  algorithmParams,
  type JwsAlgorithm,
  keyKindMatches,
  MIN_RSA_MODULUS_BITS,
} from './algorithms.js';

/**
 * Key material accepted for one algorithm: a `KeyObject`, a JWK, a PEM string
 * (SPKI, PKCS#8, PKCS#1, SEC1 or an X.509 certificate for verification), or
 * raw secret bytes for HMAC.
 */
export type KeyInput = KeyObject | JsonWebKey | string | Uint8Array;

type Purpose = 'sign' | 'verify';

/**
 * A public key (or, for HMAC, the secret) that verifies `alg` signatures. A
 * private key is accepted and reduced to its public half.
 *
 * @example
 * ```ts
 * const key = importVerifyKey('RS256', publicKeyPem);
 * ```
 */
export function importVerifyKey(alg: JwsAlgorithm, input: KeyInput): KeyObject {
  return importKey(alg, input, 'verify');
}

/**
 * A private key (or, for HMAC, the secret) that creates `alg` signatures.
 *
 * @example
 * ```ts
 * const key = importSigningKey('EdDSA', privateJwk);
 * ```
 */
export function importSigningKey(alg: JwsAlgorithm, input: KeyInput): KeyObject {
  return importKey(alg, input, 'sign');
}

function importKey(alg: JwsAlgorithm, input: KeyInput, purpose: Purpose): KeyObject {
  const params = algorithmParams(alg);
  if (!params) {
    throw new TypeError(`tokenwarden: unsupported JWS algorithm ${JSON.stringify(String(alg))}`);
  }
  const key = toKeyObject(alg, params, input, purpose);
  assertKeyFits(alg, params, key, purpose);
  return key;
}

function toKeyObject(
  alg: JwsAlgorithm,
  params: AlgorithmParams,
  input: KeyInput,
  purpose: Purpose,
): KeyObject {
  if (input instanceof KeyObject) {
    return purpose === 'verify' && input.type === 'private' ? createPublicKey(input) : input;
  }
  if (params.family === 'hmac') return secretFrom(alg, input, purpose);
  if (input instanceof Uint8Array) {
    throw new TypeError(`tokenwarden: raw key bytes are only accepted for HMAC, not ${alg}`);
  }
  if (typeof input === 'string') return parseKey(alg, input, 'pem', purpose);
  if (isJwk(input)) {
    assertJwkBinding(alg, input, purpose);
    return parseKey(alg, input, 'jwk', purpose);
  }
  throw new TypeError(`tokenwarden: the ${alg} key must be a KeyObject, a JWK or a PEM string`);
}

function parseKey(
  alg: JwsAlgorithm,
  key: string | JsonWebKey,
  format: 'pem' | 'jwk',
  purpose: Purpose,
): KeyObject {
  try {
    const options =
      format === 'jwk'
        ? { key: key as JsonWebKey, format: 'jwk' as const }
        : { key: key as string, format: 'pem' as const };
    return purpose === 'verify' ? createPublicKey(options) : createPrivateKey(options);
  } catch (cause) {
    const kind = purpose === 'verify' ? 'public' : 'private';
    throw new TypeError(`tokenwarden: the ${alg} key is not a valid ${kind} key ${format}`, {
      cause,
    });
  }
}

function secretFrom(
  alg: JwsAlgorithm,
  input: Exclude<KeyInput, KeyObject>,
  purpose: Purpose,
): KeyObject {
  if (input instanceof Uint8Array) return createSecretKey(input);
  if (isJwk(input)) {
    assertJwkBinding(alg, input, purpose);
    if (input.kty !== 'oct' || typeof input.k !== 'string' || !BASE64URL_RE.test(input.k)) {
      throw new TypeError(`tokenwarden: the ${alg} JWK must be kty "oct" with a base64url "k"`);
    }
    return createSecretKey(Buffer.from(input.k, 'base64url'));
  }
  throw new TypeError(
    `tokenwarden: the ${alg} secret must be bytes (Uint8Array), an oct JWK or a secret KeyObject`,
  );
}

const BASE64URL_RE = /^[A-Za-z0-9_-]*$/;

function isJwk(input: unknown): input is JsonWebKey {
  return (
    typeof input === 'object' && input !== null && typeof (input as JsonWebKey).kty === 'string'
  );
}

/** RFC 7517 §4.2–4.4: a JWK that names another algorithm or use is not ours to use. */
function assertJwkBinding(alg: JwsAlgorithm, jwk: JsonWebKey, purpose: Purpose): void {
  if (jwk.alg !== undefined && jwk.alg !== alg) {
    throw new TypeError(
      `tokenwarden: the JWK is bound to alg ${JSON.stringify(jwk.alg)}, not ${alg}`,
    );
  }
  if (jwk.use !== undefined && jwk.use !== 'sig') {
    throw new TypeError('tokenwarden: the JWK "use" must be "sig"');
  }
  const ops: unknown = jwk.key_ops;
  if (ops !== undefined && !(Array.isArray(ops) && ops.includes(purpose))) {
    throw new TypeError(`tokenwarden: the JWK "key_ops" does not allow "${purpose}"`);
  }
}

function assertKeyFits(
  alg: JwsAlgorithm,
  params: AlgorithmParams,
  key: KeyObject,
  purpose: Purpose,
): void {
  if (!keyKindMatches(params, key, purpose)) {
    throw new TypeError(`tokenwarden: the key does not fit ${alg} (${describe(key)})`);
  }
  switch (params.family) {
    case 'hmac':
      // RFC 7518 §3.2: the key must be at least as long as the hash output.
      if ((key.symmetricKeySize ?? 0) < params.size) {
        throw new TypeError(
          `tokenwarden: the ${alg} secret must be at least ${params.size} bytes long`,
        );
      }
      return;
    case 'rsa':
    case 'pss':
      assertRsaFits(alg, params, key);
      return;
    default:
      return;
  }
}

function assertRsaFits(alg: JwsAlgorithm, params: AlgorithmParams, key: KeyObject): void {
  const details = key.asymmetricKeyDetails ?? {};
  if ((details.modulusLength ?? 0) < MIN_RSA_MODULUS_BITS) {
    throw new TypeError(
      `tokenwarden: the ${alg} key must have a modulus of at least ${MIN_RSA_MODULUS_BITS} bits`,
    );
  }
  if (params.family !== 'pss' || key.asymmetricKeyType !== 'rsa-pss') return;
  // An RSASSA-PSS key may restrict its parameters (RFC 4055 §3.1); they must allow ours.
  const hashOk = details.hashAlgorithm === undefined || details.hashAlgorithm === params.hash;
  const mgfOk =
    details.mgf1HashAlgorithm === undefined || details.mgf1HashAlgorithm === params.hash;
  const saltOk = details.saltLength === undefined || details.saltLength <= params.saltLength;
  if (!hashOk || !mgfOk || !saltOk) {
    throw new TypeError(`tokenwarden: the RSASSA-PSS key parameters do not allow ${alg}`);
  }
}

function describe(key: KeyObject): string {
  if (key.type === 'secret') return 'a secret key';
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return `a ${key.type} ${key.asymmetricKeyType ?? 'unknown'}${curve ? ` ${curve}` : ''} key`;
}
