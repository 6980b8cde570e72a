/**
 * The seam between tokenwarden's own JWS handling (strict parsing, header and
 * claim checks) and the code that touches the platform: crypto, and the
 * decoders under the parser. The default build uses jose on Web Crypto; the
 * Node build swaps `./backend.ts` for a `node:crypto` one.
 * @module
 */
import type { SegmentCodec } from '../jws/segment-codec.js';
import type { JwsSegments } from '../jws/parse-compact.js';
import type { ResolvedKey } from '../keys/resolved-key.js';

/** Signs and verifies compact JWS with an already-checked key. */
export interface SignatureBackend {
  /**
   * True when `token`'s signature is valid for `key` under `key.alg`.
   * `segments` is `token` already split, its signature segment checked
   * canonical, for backends that verify the bytes directly. A synchronous
   * backend returns a plain boolean, sparing the caller a promise round trip.
   */
  verify(key: ResolvedKey, segments: JwsSegments, token: string): boolean | Promise<boolean>;
  /**
   * Signs `payload` (bytes, or JSON text to encode as UTF-8) with `key`'s
   * private half under `header`; returns the compact JWS. A synchronous
   * backend returns the string itself. `header` is the issuer's own frozen
   * object, the same on every call, so a backend may cache its encoding.
   */
  sign(
    key: ResolvedKey,
    header: Readonly<Record<string, unknown>>,
    payload: Uint8Array | string,
  ): string | Promise<string>;
  /** A fresh `jti`: 16 CSPRNG bytes as base64url. Default: the portable `randomId`. */
  randomId?(): string;
  /**
   * Readies `key` for this backend, once per key, when an issuer or verifier
   * is built; for backends that hold keys in their own form (the Node one).
   */
  prepare?(key: ResolvedKey): void;
  /** The decoders the shared strict parser uses on this platform. */
  readonly codec: SegmentCodec;
}
