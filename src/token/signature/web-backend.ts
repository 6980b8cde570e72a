/**
 * The default signature backend: jose on Web Crypto, for every runtime.
 * @module
 */
import { CompactSign, compactVerify, errors } from 'jose';
import { portableCodec } from '../jws/segment-codec.js';
import { algorithmAliases } from '../keys/algorithms.js';
import type { Algorithm } from '../types.js';
import type { SignatureBackend } from './signature-backend.js';

// Pure: lets an importer that never signs drop it (dist is one file).
const encoder = /* @__PURE__ */ new TextEncoder();

/** Verifies and signs through jose, pinned to the key's one algorithm. */
export const webBackend: SignatureBackend = {
  codec: portableCodec,

  async verify(key, _segments, token) {
    try {
      // The header check bound the token's alg to the key already; the alias
      // (EdDSA / Ed25519, RFC 9864) is the one other spelling jose may see.
      await compactVerify(token, key.verifyKey, {
        algorithms: algorithmAliases(key.alg) as Algorithm[],
      });
      return true;
    } catch (err) {
      if (err instanceof errors.JWSSignatureVerificationFailed) return false;
      throw err;
    }
  },

  async sign(key, header, payload) {
    if (key.signKey === undefined) throw new TypeError('tokenwarden: this key cannot sign');
    const bytes = typeof payload === 'string' ? encoder.encode(payload) : payload;
    return new CompactSign(bytes).setProtectedHeader({ ...header, alg: key.alg }).sign(key.signKey);
  },
};
