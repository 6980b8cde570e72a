/**
 * The Node signature backend: `node:crypto` one-shot calls, synchronous, with
 * no Web Crypto thread-pool round trip and no second parse of the token. Each
 * configured key gets its `KeyObject`s once, when the first issuer or
 * verifier using it is built, from the key set's material. Parsing, header
 * and claim checks are the shared ones: only the signature step differs from
 * the default backend.
 * @module
 */
import type { ResolvedKey } from '../keys/resolved-key.js';
import { nodeCodec } from './node/codec.js';
import { type KeyObjects, toKeyObjects } from './node/key-objects.js';
import { createSignature } from './node/sign.js';
import { verifySignature } from './node/verify.js';
import type { SignatureBackend } from './signature-backend.js';

// Keyed by the resolved key: a key set that is dropped takes its entries with it.
const keyObjects = new WeakMap<ResolvedKey, KeyObjects>();

function keyObjectsOf(key: ResolvedKey): KeyObjects {
  let found = keyObjects.get(key);
  if (found === undefined) {
    found = toKeyObjects(key);
    keyObjects.set(key, found);
  }
  return found;
}

/** Node's native base64url: this module only ever runs on Node, where jose's portable encoder is slower. */
function b64url(bytes: Uint8Array | string): string {
  const buffer =
    typeof bytes === 'string'
      ? Buffer.from(bytes, 'utf8')
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.toString('base64url');
}

/** Verifies and signs with `node:crypto`, pinned to the key's one algorithm. */
export const nodeBackend: SignatureBackend = {
  codec: nodeCodec,

  prepare(key) {
    keyObjectsOf(key);
  },

  verify(key, segments) {
    // The parser has checked the segment canonical, so Buffer's lenient decoder is exact here.
    const signature = Buffer.from(segments.signature, 'base64url');
    return verifySignature(key.alg, keyObjectsOf(key).verify, segments.signingText, signature);
  },

  async sign(key, header, payload) {
    const signing = keyObjectsOf(key).sign;
    if (signing === undefined) throw new TypeError('tokenwarden: this key cannot sign');
    const protectedHeader = b64url(JSON.stringify({ ...header, alg: key.alg }));
    const signingInput = `${protectedHeader}.${b64url(payload)}`;
    const data = Buffer.from(signingInput, 'latin1');
    const signature = createSignature(key.alg, signing, data);
    return `${signingInput}.${b64url(signature)}`;
  },
};
