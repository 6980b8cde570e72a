/**
 * The seam between tokenwarden's own JWS handling (strict parsing, header and
 * claim checks) and the code that touches crypto. The default build uses jose
 * on Web Crypto; a Node build may swap `./backend.ts` for a `node:crypto` one.
 * @module
 */
import type { ResolvedKey } from '../keys/resolved-key.js';
import type { ParsedCompactJws } from '../jws/parse-compact.js';

/** Signs and verifies compact JWS with an already-checked key. */
export interface SignatureBackend {
  /**
   * True when `token`'s signature is valid for `key` under `key.alg`. `parsed`
   * is `token` already strictly parsed, for backends that verify the bytes
   * directly. A synchronous backend returns a plain boolean, sparing the
   * caller a promise round trip.
   */
  verify(key: ResolvedKey, parsed: ParsedCompactJws, token: string): boolean | Promise<boolean>;
  /** Signs `payload` with `key.signKey` under `header`; returns the compact JWS. */
  sign(key: ResolvedKey, header: Record<string, unknown>, payload: Uint8Array): Promise<string>;
}
