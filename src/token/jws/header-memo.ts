/**
 * The verifier's memo of protected headers it has seen on tokens whose
 * signature verified. One issuer writes the same header (`alg`, `kid`, `typ`)
 * on every token, so decoding, parsing and checking it again per request is
 * wasted work. Checking a header segment is a pure function of its exact text
 * and of the verifier's fixed configuration, so a hit gives exactly the
 * answer a fresh check would. Only authentic headers get in (an attacker's
 * invented headers never pass the signature), and the memo is capped anyway.
 * @module
 */
import type { HeaderCheck } from './check-header.js';

/** More than any real deployment's count of (key × header shape) pairs. */
const MAX_HEADERS = 32;

/** Header segment text → its check, for headers seen on verified tokens. */
export class HeaderMemo {
  readonly #entries = new Map<string, HeaderCheck>();
  #version = 0;

  /** How many headers are remembered; never more than 32. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Forgets every header when the key source's `version` moved (a remote key
   * set refetched): a remembered check holds a key that may be gone.
   */
  sync(version: number): void {
    if (version === this.#version) return;
    this.#entries.clear();
    this.#version = version;
  }

  get(segment: string): HeaderCheck | undefined {
    return this.#entries.get(segment);
  }

  /** Call only once the token's signature verified with `check.key`. */
  remember(segment: string, check: HeaderCheck): void {
    // Full means something unusual (many issuers, many kids): start over
    // rather than track recency on the hot path.
    if (this.#entries.size >= MAX_HEADERS) this.#entries.clear();
    this.#entries.set(segment, check);
  }
}
