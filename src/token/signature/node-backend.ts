/**
 * The Node signature backend: `node:crypto` one-shot calls, synchronous, with
 * no Web Crypto thread-pool round trip and no second parse of the token. Each
 * configured key gets its `KeyObject`s (and, for a signing key, a prepared
 * signer) once, when the first issuer or verifier using it is built, from the
 * key set's material. Parsing, header and claim checks are the shared ones:
 * only the signature step differs from the default backend.
 * @module
 */
import { randomFillSync } from 'node:crypto';
import type { ResolvedKey } from '../keys/resolved-key.js';
import { nodeCodec } from './node/codec.js';
import { type KeyObjects, toKeyObjects } from './node/key-objects.js';
import { type Signer, signerFor } from './node/sign.js';
import { verifySignature } from './node/verify.js';
import type { SignatureBackend } from './signature-backend.js';

interface PreparedKey extends KeyObjects {
  /** Absent for verify-only keys; built on the first signature. */
  signer: Signer | undefined;
}

// Keyed by the resolved key: a key set that is dropped takes its entries with it.
const prepared = new WeakMap<ResolvedKey, PreparedKey>();
// The issuer's header object → its base64url segment: one encoding per issuer.
const headerSegments = new WeakMap<object, string>();

function preparedOf(key: ResolvedKey): PreparedKey {
  let found = prepared.get(key);
  if (found === undefined) {
    found = { ...toKeyObjects(key), signer: undefined };
    prepared.set(key, found);
  }
  return found;
}

function signerOf(key: ResolvedKey): Signer {
  const found = preparedOf(key);
  if (found.signer !== undefined) return found.signer;
  if (found.sign === undefined) throw new TypeError('tokenwarden: this key cannot sign');
  found.signer = signerFor(key.alg, found.sign);
  return found.signer;
}

function headerSegment(key: ResolvedKey, header: Readonly<Record<string, unknown>>): string {
  let segment = headerSegments.get(header);
  if (segment === undefined) {
    segment = b64url(JSON.stringify({ ...header, alg: key.alg }));
    // Only frozen headers are remembered: a mutable one could change under the cache.
    if (Object.isFrozen(header)) headerSegments.set(header, segment);
  }
  return segment;
}

/** Node's native base64url: this module only ever runs on Node, where jose's portable encoder is slower. */
function b64url(value: Uint8Array | string): string {
  const buffer =
    typeof value === 'string'
      ? Buffer.from(value, 'utf8')
      : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return buffer.toString('base64url');
}

// CSPRNG bytes drawn 4 KB at a time and each used once: one OpenSSL call per
// 256 token ids rather than one per id (the way Node's randomUUID caches).
const POOL_BYTES = 4096;
const ID_BYTES = 16;
let pool: Buffer | undefined;
let poolOffset = POOL_BYTES;

function pooledRandomId(): string {
  if (poolOffset + ID_BYTES > POOL_BYTES) {
    pool = randomFillSync(pool ?? Buffer.allocUnsafe(POOL_BYTES));
    poolOffset = 0;
  }
  const id = (pool as Buffer).toString('base64url', poolOffset, poolOffset + ID_BYTES);
  poolOffset += ID_BYTES;
  return id;
}

/** Verifies and signs with `node:crypto`, pinned to the key's one algorithm. */
export const nodeBackend: SignatureBackend = {
  codec: nodeCodec,

  prepare(key) {
    preparedOf(key);
  },

  verify(key, segments) {
    // The parser has checked the segment canonical, so Buffer's lenient decoder is exact here.
    const signature = Buffer.from(segments.signature, 'base64url');
    return verifySignature(key.alg, preparedOf(key).verify, segments.signingText, signature);
  },

  sign(key, header, payload) {
    const sign = signerOf(key);
    const signingInput = `${headerSegment(key, header)}.${b64url(payload)}`;
    return `${signingInput}.${sign(signingInput).toString('base64url')}`;
  },

  randomId: pooledRandomId,
};
