/**
 * The hand-written rotation floor (issue 11): the least work any rotating
 * refresh token with reuse detection does, on `node:crypto`, in a `Map`.
 * Per refresh: split the token, read the record, SHA-256 of the presented
 * secret compared in constant time with the stored digest, the successor's
 * secret as HMAC-SHA-256(key, token), its digest, and a compare-and-set of
 * the record on the generation. It is `async` because every store API is:
 * one promise per refresh, as the engine's own API has. No options, no
 * events, no expiry, no grace window, no device context.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

interface FloorRecord {
  readonly generation: number;
  readonly digest: Buffer;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

export class RotationFloor {
  readonly #records = new Map<string, FloorRecord>();
  readonly #key: Buffer;

  constructor(key: string) {
    this.#key = Buffer.from(key);
  }

  /** A session at generation 0; returns its token `<id>.0.<secret>`. */
  login(id: string): string {
    const secret = createHmac('sha256', this.#key).update(`login:${id}`).digest('base64url');
    this.#records.set(id, { generation: 0, digest: sha256(secret) });
    return `${id}.0.${secret}`;
  }

  /** The successor of `token`; throws on anything but the current token. */
  async refresh(token: string): Promise<string> {
    const [id = '', gen = '', secret = ''] = token.split('.');
    const record = this.#records.get(id);
    const generation = Number(gen);
    if (record === undefined || record.generation !== generation) throw new Error('floor: stale');
    if (!timingSafeEqual(sha256(secret), record.digest)) throw new Error('floor: wrong secret');
    const next = createHmac('sha256', this.#key).update(token).digest('base64url');
    const successor = { generation: generation + 1, digest: sha256(next) };
    // Compare-and-set: only the record this call read may be replaced.
    if (this.#records.get(id) !== record) throw new Error('floor: lost the race');
    this.#records.set(id, successor);
    return `${id}.${generation + 1}.${next}`;
  }
}
