/**
 * The hand-written rotation floor (issue 11): the least work any rotating
 * refresh token with reuse detection does, on `node:crypto`, in a `Map`.
 * Per refresh: split the token, read the record, SHA-256 of the presented
 * secret compared in constant time with the stored digest, the successor's
 * secret as HMAC-SHA-256(key, token), its digest, and a compare-and-set of
 * the record on the generation. It is `async` because every store API is:
 * one promise per refresh, as the engine's own API has. No options, no
 * events, no expiry, no grace window, no device context.
 *
 * Its cryptography is what such code calls: `createHash` and `createHmac`
 * (`NODE_CRYPTO`). `ENGINE_CRYPTO` gives the same steps the primitives of the
 * engine's `node` build (the one-shot `hash()` and its RFC 2104 HMAC), a
 * reference that shows what is left of the engine's own overhead.
 */
import { createHash, createHmac, hash, timingSafeEqual } from 'node:crypto';
import { createHmacSha256Sync } from '../src/session/refresh-token/refresh-crypto.node.js';

interface FloorRecord {
  readonly generation: number;
  readonly digest: Buffer;
}

/** The floor's two primitives. */
export interface FloorCrypto {
  sha256(text: string): Buffer;
  /** A base64url HMAC-SHA-256 function bound to `key`. */
  hmac(key: Buffer): (text: string) => string;
}

/** What hand-written Node code calls: `createHash` and `createHmac`. */
export const NODE_CRYPTO: FloorCrypto = {
  sha256: (text) => createHash('sha256').update(text).digest(),
  hmac: (key) => (text) => createHmac('sha256', key).update(text).digest('base64url'),
};

/** The primitives of the engine's `node` build. */
export const ENGINE_CRYPTO: FloorCrypto = {
  sha256: (text) => Buffer.from(hash('sha256', text, 'binary'), 'binary'),
  hmac: (key) => {
    const mac = createHmacSha256Sync(key);
    return (text) => Buffer.from(mac(text)).toString('base64url');
  },
};

export class RotationFloor {
  readonly #records = new Map<string, FloorRecord>();
  readonly #sha256: FloorCrypto['sha256'];
  readonly #hmac: (text: string) => string;

  constructor(key: string, primitives: FloorCrypto = NODE_CRYPTO) {
    this.#sha256 = primitives.sha256;
    this.#hmac = primitives.hmac(Buffer.from(key));
  }

  /** A session at generation 0; returns its token `<id>.0.<secret>`. */
  login(id: string): string {
    const secret = this.#hmac(`login:${id}`);
    this.#records.set(id, { generation: 0, digest: this.#sha256(secret) });
    return `${id}.0.${secret}`;
  }

  /** The successor of `token`; throws on anything but the current token. */
  async refresh(token: string): Promise<string> {
    const [id = '', gen = '', secret = ''] = token.split('.');
    const record = this.#records.get(id);
    const generation = Number(gen);
    if (record === undefined || record.generation !== generation) throw new Error('floor: stale');
    if (!timingSafeEqual(this.#sha256(secret), record.digest)) {
      throw new Error('floor: wrong secret');
    }
    const next = this.#hmac(token);
    const successor = { generation: generation + 1, digest: this.#sha256(next) };
    // Compare-and-set: only the record this call read may be replaced.
    if (this.#records.get(id) !== record) throw new Error('floor: lost the race');
    this.#records.set(id, successor);
    return `${id}.${generation + 1}.${next}`;
  }
}
