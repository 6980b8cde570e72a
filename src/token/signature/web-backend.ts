/**
 * The default signature backend, for every runtime: Web Crypto verifies the
 * segments the strict parser split (`web/verify.ts`); jose signs.
 * @module
 */
import { CompactSign } from 'jose';
import { portableCodec } from '../jws/segment-codec.js';
import type { SignatureBackend } from './signature-backend.js';
import { verifyWebSignature } from './web/verify.js';

// Pure: lets an importer that never signs drop it (dist is one file).
const encoder = /* @__PURE__ */ new TextEncoder();

/** Verifies on Web Crypto and signs through jose, pinned to the key's one algorithm. */
export const webBackend: SignatureBackend = {
  codec: portableCodec,

  verify(key, segments) {
    // The parser checked the signature segment canonical, and let only
    // base64url characters into the signing input, so its bytes are ASCII.
    const signature = portableCodec.bytes(segments.signature);
    if (signature === undefined) return false;
    return verifyWebSignature(
      key.alg,
      key.verifyKey,
      encoder.encode(segments.signingText),
      signature,
    );
  },

  async sign(key, header, payload) {
    if (key.signKey === undefined) throw new TypeError('tokenwarden: this key cannot sign');
    const bytes = typeof payload === 'string' ? encoder.encode(payload) : payload;
    return new CompactSign(bytes).setProtectedHeader({ ...header, alg: key.alg }).sign(key.signKey);
  },
};
