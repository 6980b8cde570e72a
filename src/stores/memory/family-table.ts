/**
 * Compact storage of `MemoryStore` families, each with its current refresh
 * token inlined: one slot number per family, its numbers in shared
 * `Float64Array`s, the token's secret digest as bytes in shared `Uint8Array`s
 * and its strings in shared arrays, all in fixed-size chunks. A slot costs a few
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
import type { DeviceContext } from '../../session/events.js';
import type { FamilyRecord, RefreshTokenRecord } from '../../session/store.js';
import { decodeCanonicalBase64url } from '../../core/base64url.js';
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
const NUMBERS = 8;
// 1024 slots (64 KiB of numbers, 32 KiB of digests, 4096 cells) per chunk.
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

// One chunk of slots, each kind of field in its own fixed-size array: growth
// never copies and wastes at most one chunk, where one growing array keeps up
// to half its length as spare capacity (14 bytes a family at 100 000).
interface Chunk {
  readonly numbers: Float64Array;
  readonly digests: Uint8Array;
  readonly strings: Cell[];
}

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
  readonly #chunks: Chunk[] = [];
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
    this.#setCell(slot, ID, flatString(family.id));
    this.#setCell(slot, SUBJECT, flatString(family.subject));
    this.#setCell(slot, CURRENT, flatString(family.currentTokenId));
    this.#setCell(slot, DEVICE, family.device === null ? null : { ...family.device });
    return slot;
  }

  /**
   * Inlines `token` in the slot when it is the token the engine makes current:
   * the family's current, never-rotated token of the family's generation,
   * created at the family's last use (login or rotation) and expiring with the
   * family, with a SHA-256 digest in canonical base64url. Then only its digest
   * bytes need storing. Returns `false`, storing nothing, otherwise: the
   * caller keeps such a token as its own record.
   */
  inlineToken(slot: number, token: RefreshTokenRecord): boolean {
    if (!this.#isPlainCurrent(slot, token)) return false;
    // Canonical only: re-encoding the bytes must give back the exact string.
    const digest = decodeCanonicalBase64url(token.secretHash);
    if (digest?.length !== DIGEST_BYTES) return false;
    this.#chunk(slot).digests.set(digest, digestOffset(slot));
    return true;
  }

  /** Records a rotation: the successor becomes current (inline it with {@link inlineToken}). */
  advance(slot: number, successorId: string, generation: number, at: number, idle: number): void {
    this.#setCell(slot, CURRENT, flatString(successorId));
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
    const offset = digestOffset(slot);
    this.#chunk(slot).digests.fill(0, offset, offset + DIGEST_BYTES);
  }

  free(slot: number): void {
    const offset = (slot & CHUNK_MASK) * STRINGS;
    this.#chunk(slot).strings.fill(undefined, offset, offset + STRINGS);
    this.dropToken(slot);
    this.#free.push(slot);
  }

  id(slot: number): string {
    return this.#cell(slot, ID) as string;
  }

  subject(slot: number): string {
    return this.#cell(slot, SUBJECT) as string;
  }

  currentTokenId(slot: number): string {
    return this.#cell(slot, CURRENT) as string;
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

  /** The inlined token's expiry: its family's, or it would not be inlined. */
  tokenExpiresAt(slot: number): number {
    return this.#get(slot, EXPIRES);
  }

  /** A fresh public copy of the family. */
  family(slot: number): FamilyRecord {
    const revokedAt = this.#get(slot, REVOKED_AT);
    const device = this.#cell(slot, DEVICE) as DeviceContext | null;
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
    const offset = digestOffset(slot);
    const digest = this.#chunk(slot).digests.subarray(offset, offset + DIGEST_BYTES);
    return {
      id: this.currentTokenId(slot),
      sessionId: this.id(slot),
      secretHash: base64url.encode(digest),
      generation: this.#get(slot, GENERATION),
      createdAt: this.#get(slot, LAST_USED),
      status: 'active',
      rotatedAt: null,
      successorId: null,
      graceReplays: 0,
      expiresAt: this.#get(slot, EXPIRES),
    };
  }

  #isPlainCurrent(slot: number, token: RefreshTokenRecord): boolean {
    return (
      token.id === this.currentTokenId(slot) &&
      token.sessionId === this.id(slot) &&
      token.status === 'active' &&
      token.rotatedAt === null &&
      token.successorId === null &&
      token.graceReplays === 0 &&
      token.generation === this.#get(slot, GENERATION) &&
      // Both stay true while the token is inlined: `expiresAt` never moves, and
      // only a rotation moves `lastUsedAt`, which replaces the inlined token.
      token.createdAt === this.#get(slot, LAST_USED) &&
      token.expiresAt === this.#get(slot, EXPIRES)
    );
  }

  #chunk(slot: number): Chunk {
    return this.#chunks[slot >>> CHUNK_BITS] as Chunk;
  }

  #get(slot: number, field: number): number {
    return this.#chunk(slot).numbers[(slot & CHUNK_MASK) * NUMBERS + field] as number;
  }

  #set(slot: number, field: number, value: number): void {
    this.#chunk(slot).numbers[(slot & CHUNK_MASK) * NUMBERS + field] = value;
  }

  #cell(slot: number, field: number): Cell {
    return this.#chunk(slot).strings[(slot & CHUNK_MASK) * STRINGS + field];
  }

  #setCell(slot: number, field: number, value: Cell): void {
    this.#chunk(slot).strings[(slot & CHUNK_MASK) * STRINGS + field] = value;
  }

  #allocate(): number {
    const reused = this.#free.pop();
    if (reused !== undefined) return reused;
    const slot = this.#size;
    this.#size += 1;
    if ((slot & CHUNK_MASK) === 0) {
      this.#chunks.push({
        numbers: new Float64Array(NUMBERS << CHUNK_BITS),
        digests: new Uint8Array(DIGEST_BYTES << CHUNK_BITS),
        strings: new Array<Cell>(STRINGS << CHUNK_BITS).fill(undefined),
      });
    }
    return slot;
  }
}

function digestOffset(slot: number): number {
  return (slot & CHUNK_MASK) * DIGEST_BYTES;
}
