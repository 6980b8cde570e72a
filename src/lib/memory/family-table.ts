/**
 * Compact storage of `MemoryStore` families, each with its current refresh
 * token inlined: one slot number per family, its numbers in one shared
 * `Float64Array` and its strings in one shared array. A slot costs a few
 * dozen bytes where two record objects with boxed timestamps (every epoch-ms
 * value is a heap number in V8) cost several hundred. Public record objects
 * are only built when a store method returns them. Stored strings are flat
 * copies, so they never pin the strings they were sliced from.
 *
 * @example
 * ```ts
 * const table = new FamilyTable();
 * const slot = table.add(family);
 * table.setToken(slot, token);
 * table.family(slot).id === family.id;
 * ```
 * @module
 */
import type { DeviceContext } from '../../events.js';
import type { FamilyRecord, RefreshTokenRecord } from '../../store.js';
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

const ID = 0;
const SUBJECT = 1;
// The family's `currentTokenId`, and the id of the inlined token when there is one.
const CURRENT = 2;
const SECRET_HASH = 3;
const DEVICE = 4;
const STRINGS = 5;

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
  #numbers = new Float64Array(NUMBERS * 64);
  readonly #strings: Cell[] = [];
  readonly #free: number[] = [];
  #size = 0;

  /** Stores a family (without an inlined token) and returns its slot. */
  add(family: FamilyRecord): number {
    const slot = this.#allocate();
    const n = slot * NUMBERS;
    const numbers = this.#numbers;
    numbers[n + CREATED] = family.createdAt;
    numbers[n + LAST_USED] = family.lastUsedAt;
    numbers[n + IDLE_EXPIRES] = family.idleExpiresAt;
    numbers[n + ABSOLUTE_EXPIRES] = family.absoluteExpiresAt;
    numbers[n + EXPIRES] = family.expiresAt;
    numbers[n + REVOKED_AT] = family.revokedAt ?? Number.NaN;
    numbers[n + GENERATION] = family.generation;
    numbers[n + REVOKED] = family.status === 'revoked' ? 1 : 0;
    const s = slot * STRINGS;
    this.#strings[s + ID] = flatString(family.id);
    this.#strings[s + SUBJECT] = flatString(family.subject);
    this.#strings[s + CURRENT] = flatString(family.currentTokenId);
    this.#strings[s + SECRET_HASH] = undefined;
    this.#strings[s + DEVICE] = family.device === null ? null : { ...family.device };
    return slot;
  }

  /**
   * Whether `token` can live inlined in the slot: it is the family's current,
   * never-rotated token of the family's generation, so only its id, hash and
   * two times need storing.
   */
  canInline(slot: number, token: RefreshTokenRecord): boolean {
    return (
      token.id === this.currentTokenId(slot) &&
      token.familyId === this.id(slot) &&
      token.status === 'active' &&
      token.rotatedAt === null &&
      token.successorId === null &&
      token.graceReplays === 0 &&
      token.generation === this.#numbers[slot * NUMBERS + GENERATION]
    );
  }

  /** Inlines the family's current token (check {@link canInline} first). */
  setToken(slot: number, token: RefreshTokenRecord): void {
    this.#strings[slot * STRINGS + SECRET_HASH] = flatString(token.secretHash);
    this.#numbers[slot * NUMBERS + TOKEN_CREATED] = token.createdAt;
    this.#numbers[slot * NUMBERS + TOKEN_EXPIRES] = token.expiresAt;
  }

  /** Records a rotation: the successor becomes current (inline it with {@link setToken}). */
  advance(slot: number, successorId: string, generation: number, at: number, idle: number): void {
    const n = slot * NUMBERS;
    this.#strings[slot * STRINGS + CURRENT] = flatString(successorId);
    this.#strings[slot * STRINGS + SECRET_HASH] = undefined;
    this.#numbers[n + GENERATION] = generation;
    this.#numbers[n + LAST_USED] = at;
    this.#numbers[n + IDLE_EXPIRES] = idle;
  }

  revoke(slot: number, at: number): void {
    this.#numbers[slot * NUMBERS + REVOKED] = 1;
    this.#numbers[slot * NUMBERS + REVOKED_AT] = at;
  }

  /** Forgets the inlined token's hash (the token was deleted or rotated out). */
  dropToken(slot: number): void {
    this.#strings[slot * STRINGS + SECRET_HASH] = undefined;
  }

  free(slot: number): void {
    this.#strings.fill(undefined, slot * STRINGS, (slot + 1) * STRINGS);
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
    return this.#numbers[slot * NUMBERS + REVOKED] === 1;
  }

  lastUsedAt(slot: number): number {
    return this.#numbers[slot * NUMBERS + LAST_USED] as number;
  }

  expiresAt(slot: number): number {
    return this.#numbers[slot * NUMBERS + EXPIRES] as number;
  }

  tokenExpiresAt(slot: number): number {
    return this.#numbers[slot * NUMBERS + TOKEN_EXPIRES] as number;
  }

  /** A fresh public copy of the family. */
  family(slot: number): FamilyRecord {
    const n = slot * NUMBERS;
    const numbers = this.#numbers;
    const revokedAt = numbers[n + REVOKED_AT] as number;
    const device = this.#strings[slot * STRINGS + DEVICE] as DeviceContext | null;
    return {
      id: this.id(slot),
      subject: this.subject(slot),
      status: this.isRevoked(slot) ? 'revoked' : 'active',
      createdAt: numbers[n + CREATED] as number,
      lastUsedAt: numbers[n + LAST_USED] as number,
      idleExpiresAt: numbers[n + IDLE_EXPIRES] as number,
      absoluteExpiresAt: numbers[n + ABSOLUTE_EXPIRES] as number,
      generation: numbers[n + GENERATION] as number,
      currentTokenId: this.currentTokenId(slot),
      revokedAt: Number.isNaN(revokedAt) ? null : revokedAt,
      device: device === null ? null : { ...device },
      expiresAt: numbers[n + EXPIRES] as number,
    };
  }

  /** A fresh public copy of the inlined token. */
  token(slot: number): RefreshTokenRecord {
    const n = slot * NUMBERS;
    return {
      id: this.currentTokenId(slot),
      familyId: this.id(slot),
      secretHash: this.#strings[slot * STRINGS + SECRET_HASH] as string,
      generation: this.#numbers[n + GENERATION] as number,
      createdAt: this.#numbers[n + TOKEN_CREATED] as number,
      status: 'active',
      rotatedAt: null,
      successorId: null,
      graceReplays: 0,
      expiresAt: this.#numbers[n + TOKEN_EXPIRES] as number,
    };
  }

  #allocate(): number {
    const reused = this.#free.pop();
    if (reused !== undefined) return reused;
    const slot = this.#size;
    this.#size += 1;
    if (this.#size * NUMBERS > this.#numbers.length) {
      const grown = new Float64Array(this.#numbers.length * 2);
      grown.set(this.#numbers);
      this.#numbers = grown;
    }
    for (let i = 0; i < STRINGS; i += 1) this.#strings.push(undefined);
    return slot;
  }
}
