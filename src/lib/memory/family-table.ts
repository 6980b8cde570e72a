/**
 * Compact storage of `MemoryStore` families, each with its current refresh
 * token inlined: one slot number per family, its numbers in shared
 * `Float64Array` chunks, the token's secret digest as bytes in shared
 * `Uint8Array` chunks and its strings in one shared array. A slot costs a few
 * dozen bytes where two record objects with boxed timestamps (every epoch-ms
 * value is a heap number in V8) cost several hundred. Public record objects
 * are only built when a store method returns them. Stored strings are flat
 * copies, so they never pin the strings they were sliced from.
 *
 * @example
 * ```ts
 * const table = new FamilyTable();
 * const slot = table.add(family);
 * table.inlineToken(slot, token);
 * table.family(slot).id === family.id;
 * ```
 * @module
 */
import { base64url } from 'jose';
import type { DeviceContext } from '../../events.js';
import type { FamilyRecord, RefreshTokenRecord } from '../../store.js';
import { decodeCanonicalBase64url } from '../jws/base64url.js';
import { flatString } from './flat-string.js';

const CREATED = 0;
const LAST_USED = 1;
const IDLE_EXPIRES = 2;
const ABSOLUTE_EXPIRES = 3;
const EXPIRES = 4;
// NaN stands for `null`: timestamps are never NaN.
const REVOKED_AT = 5;
const GENERATION = 6;
const REVOKED = 7;
const TOKEN_CREATED = 8;
const TOKEN_EXPIRES = 9;
const NUMBERS = 10;
// 1024 slots (80 KiB of numbers, 32 KiB of digests) per chunk.
const CHUNK_BITS = 10;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;
// The inlined token's SHA-256 secret digest as raw bytes: 32 bytes in a shared
// chunk where its base64url string costs 64 bytes of heap plus a pointer.
const DIGEST_BYTES = 32;

const ID = 0;
const SUBJECT = 1;
// The family's `currentTokenId`, and the id of the inlined token when there is one.
const CURRENT = 2;
const DEVICE = 3;
const STRINGS = 4;

type Cell = string | DeviceContext | null | undefined;

/**
 * Families in slots; a freed slot is reused by the next `add`. The caller
 * tracks which slots are live and which token ids are inlined.
 *
 * @example
 * ```ts
 * const slot = table.add(family);
 * table.free(slot);
 * ```
 */
export class FamilyTable {
  // Fixed-size chunks: growth never copies and wastes at most one chunk.
  readonly #chunks: Float64Array[] = [];
  readonly #digests: Uint8Array[] = [];
  readonly #strings: Cell[] = [];
  readonly #free: number[] = [];
  #size = 0;

  /** Stores a family (without an inlined token) and returns its slot. */
  add(family: FamilyRecord): number {
    const slot = this.#allocate();
    this.#set(slot, CREATED, family.createdAt);
    this.#set(slot, LAST_USED, family.lastUsedAt);
    this.#set(slot, IDLE_EXPIRES, family.idleExpiresAt);
    this.#set(slot, ABSOLUTE_EXPIRES, family.absoluteExpiresAt);
    this.#set(slot, EXPIRES, family.expiresAt);
    this.#set(slot, REVOKED_AT, family.revokedAt ?? Number.NaN);
    this.#set(slot, GENERATION, family.generation);
    this.#set(slot, REVOKED, family.status === 'revoked' ? 1 : 0);
    const s = slot * STRINGS;
    this.#strings[s + ID] = flatString(family.id);
    this.#strings[s + SUBJECT] = flatString(family.subject);
    this.#strings[s + CURRENT] = flatString(family.currentTokenId);
    this.#strings[s + DEVICE] = family.device === null ? null : { ...family.device };
    return slot;
  }

  /**
   * Inlines `token` in the slot when it is the family's current, never-rotated
   * token of the family's generation with a SHA-256 digest in canonical
   * base64url (what the engine always stores), so only its digest bytes and
   * two times need storing. Returns `false`, storing nothing, otherwise: the
   * caller keeps such a token as its own record.
   */
  inlineToken(slot: number, token: RefreshTokenRecord): boolean {
    if (!this.#isPlainCurrent(slot, token)) return false;
    // Canonical only: re-encoding the bytes must give back the exact string.
    const digest = decodeCanonicalBase64url(token.secretHash);
    if (digest?.length !== DIGEST_BYTES) return false;
    this.#digestChunk(slot).set(digest, this.#digestOffset(slot));
    this.#set(slot, TOKEN_CREATED, token.createdAt);
    this.#set(slot, TOKEN_EXPIRES, token.expiresAt);
    return true;
  }

  /** Records a rotation: the successor becomes current (inline it with {@link inlineToken}). */
  advance(slot: number, successorId: string, generation: number, at: number, idle: number): void {
    this.#strings[slot * STRINGS + CURRENT] = flatString(successorId);
    this.dropToken(slot);
    this.#set(slot, GENERATION, generation);
    this.#set(slot, LAST_USED, at);
    this.#set(slot, IDLE_EXPIRES, idle);
  }

  revoke(slot: number, at: number): void {
    this.#set(slot, REVOKED, 1);
    this.#set(slot, REVOKED_AT, at);
  }

  /** Forgets the inlined token's digest (the token was deleted or rotated out). */
  dropToken(slot: number): void {
    const offset = this.#digestOffset(slot);
    this.#digestChunk(slot).fill(0, offset, offset + DIGEST_BYTES);
  }

  free(slot: number): void {
    this.#strings.fill(undefined, slot * STRINGS, (slot + 1) * STRINGS);
    this.dropToken(slot);
    this.#free.push(slot);
  }

  id(slot: number): string {
    return this.#strings[slot * STRINGS + ID] as string;
  }

  subject(slot: number): string {
    return this.#strings[slot * STRINGS + SUBJECT] as string;
  }

  currentTokenId(slot: number): string {
    return this.#strings[slot * STRINGS + CURRENT] as string;
  }

  isRevoked(slot: number): boolean {
    return this.#get(slot, REVOKED) === 1;
  }

  lastUsedAt(slot: number): number {
    return this.#get(slot, LAST_USED);
  }

  expiresAt(slot: number): number {
    return this.#get(slot, EXPIRES);
  }

  tokenExpiresAt(slot: number): number {
    return this.#get(slot, TOKEN_EXPIRES);
  }

  /** A fresh public copy of the family. */
  family(slot: number): FamilyRecord {
    const revokedAt = this.#get(slot, REVOKED_AT);
    const device = this.#strings[slot * STRINGS + DEVICE] as DeviceContext | null;
    return {
      id: this.id(slot),
      subject: this.subject(slot),
      status: this.isRevoked(slot) ? 'revoked' : 'active',
      createdAt: this.#get(slot, CREATED),
      lastUsedAt: this.#get(slot, LAST_USED),
      idleExpiresAt: this.#get(slot, IDLE_EXPIRES),
      absoluteExpiresAt: this.#get(slot, ABSOLUTE_EXPIRES),
      generation: this.#get(slot, GENERATION),
      currentTokenId: this.currentTokenId(slot),
      revokedAt: Number.isNaN(revokedAt) ? null : revokedAt,
      device: device === null ? null : { ...device },
      expiresAt: this.#get(slot, EXPIRES),
    };
  }

  /** A fresh public copy of the inlined token. */
  token(slot: number): RefreshTokenRecord {
    const offset = this.#digestOffset(slot);
    const digest = this.#digestChunk(slot).subarray(offset, offset + DIGEST_BYTES);
    return {
      id: this.currentTokenId(slot),
      familyId: this.id(slot),
      secretHash: base64url.encode(digest),
      generation: this.#get(slot, GENERATION),
      createdAt: this.#get(slot, TOKEN_CREATED),
      status: 'active',
      rotatedAt: null,
      successorId: null,
      graceReplays: 0,
      expiresAt: this.#get(slot, TOKEN_EXPIRES),
    };
  }

  #isPlainCurrent(slot: number, token: RefreshTokenRecord): boolean {
    return (
      token.id === this.currentTokenId(slot) &&
      token.familyId === this.id(slot) &&
      token.status === 'active' &&
      token.rotatedAt === null &&
      token.successorId === null &&
      token.graceReplays === 0 &&
      token.generation === this.#get(slot, GENERATION)
    );
  }

  #digestChunk(slot: number): Uint8Array {
    return this.#digests[slot >>> CHUNK_BITS] as Uint8Array;
  }

  #digestOffset(slot: number): number {
    return (slot & CHUNK_MASK) * DIGEST_BYTES;
  }

  #get(slot: number, field: number): number {
    const chunk = this.#chunks[slot >>> CHUNK_BITS] as Float64Array;
    return chunk[(slot & CHUNK_MASK) * NUMBERS + field] as number;
  }

  #set(slot: number, field: number, value: number): void {
    const chunk = this.#chunks[slot >>> CHUNK_BITS] as Float64Array;
    chunk[(slot & CHUNK_MASK) * NUMBERS + field] = value;
  }

  #allocate(): number {
    const reused = this.#free.pop();
    if (reused !== undefined) return reused;
    const slot = this.#size;
    this.#size += 1;
    if ((slot & CHUNK_MASK) === 0) {
      this.#chunks.push(new Float64Array(NUMBERS << CHUNK_BITS));
      this.#digests.push(new Uint8Array(DIGEST_BYTES << CHUNK_BITS));
    }
    for (let i = 0; i < STRINGS; i += 1) this.#strings.push(undefined);
    return slot;
  }
}
