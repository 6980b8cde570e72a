/**
 * Compact storage of `MemoryStore` sessions: one slot number per session,
 * its numbers in shared `Float64Array`s and its strings (the current secret
 * digest among them) in shared arrays, all in fixed-size chunks. A slot
 * costs about two hundred bytes where a record object with boxed timestamps
 * (every epoch-ms value is a heap number in V8) costs several hundred.
 * Public records are only built when a store method returns them. Strings
 * stored at `add` are flat copies, so they never pin the strings they were
 * sliced from. A rotation rewrites the slot in place: a session's storage
 * does not grow with its rotations.
 *
 * @example
 * ```ts
 * const table = new SessionTable();
 * const slot = table.add(session);
 * table.session(slot).id === session.id;
 * ```
 * @module
 */
import { stringsEqual } from '../../core/constant-time.js';
import type { DeviceContext } from '../../session/events.js';
import type { AuthenticationUpdate, RotateInput, SessionRecord } from '../../session/store.js';
import { flatString } from './flat-string.js';

const CREATED = 0;
const LAST_USED = 1;
const IDLE_EXPIRES = 2;
const ABSOLUTE_EXPIRES = 3;
const EXPIRES = 4;
// NaN stands for `null`: timestamps are never NaN.
const REVOKED_AT = 5;
const ROTATED_AT = 6;
const GENERATION = 7;
const GRACE_REPLAYS = 8;
const REVOKED = 9;
// NaN when the record was given none (see SessionRecord.authTime).
const AUTH_TIME = 10;
const NUMBERS = 11;
// 1024 slots (88 KiB of numbers, 5120 cells) per chunk.
const CHUNK_BITS = 10;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;

const ID = 0;
const SUBJECT = 1;
const DEVICE = 2;
// The secret digest as the engine's base64url string. Kept as text, not as
// 32 raw bytes: every refresh compares and replaces it, and decoding and
// re-encoding it cost about a tenth of a refresh on the node build, against
// some 40 bytes more per session.
const SECRET_HASH = 3;
// The session's `amr`, a frozen array (undefined when the record had none).
const AMR = 4;
const STRINGS = 5;
const MAX_SHARED_AMRS = 64;

type Cell = string | DeviceContext | readonly string[] | null | undefined;

// One chunk of slots, each kind of field in its own fixed-size array: growth
// never copies and wastes at most one chunk.
interface Chunk {
  readonly numbers: Float64Array;
  readonly strings: Cell[];
}

/**
 * Sessions in slots; a freed slot is reused by the next `add`. The caller
 * tracks which slots are live.
 *
 * @example
 * ```ts
 * const slot = table.add(session);
 * table.free(slot);
 * ```
 */
export class SessionTable {
  readonly #chunks: Chunk[] = [];
  readonly #free: number[] = [];
  #size = 0;
  // One frozen array per distinct `amr` (most sessions share ["pwd"]): each
  // session's own copy cost some 80 bytes.
  readonly #amrs = new Map<string, readonly string[]>();

  /** Stores a session and returns its slot. */
  add(session: SessionRecord): number {
    const slot = this.#allocate();
    this.#set(slot, CREATED, session.createdAt);
    this.#set(slot, LAST_USED, session.lastUsedAt);
    this.#set(slot, IDLE_EXPIRES, session.idleExpiresAt);
    this.#set(slot, ABSOLUTE_EXPIRES, session.absoluteExpiresAt);
    this.#set(slot, EXPIRES, session.expiresAt);
    this.#set(slot, REVOKED_AT, session.revokedAt ?? Number.NaN);
    this.#set(slot, ROTATED_AT, session.rotatedAt ?? Number.NaN);
    this.#set(slot, GENERATION, session.generation);
    this.#set(slot, GRACE_REPLAYS, session.graceReplays);
    this.#set(slot, REVOKED, session.status === 'revoked' ? 1 : 0);
    this.#set(slot, AUTH_TIME, session.authTime ?? Number.NaN);
    this.#setCell(slot, AMR, session.amr === undefined ? undefined : this.#methods(session.amr));
    this.#setCell(slot, ID, flatString(session.id));
    this.#setCell(slot, SUBJECT, flatString(session.subject));
    this.#setCell(slot, DEVICE, session.device === null ? null : { ...session.device });
    this.#setCell(slot, SECRET_HASH, flatString(session.secretHash));
    return slot;
  }

  /** Applies a rotation (the caller checked the compare-and-swap). */
  rotate(slot: number, input: RotateInput, idleExpiresAt = input.idleExpiresAt): void {
    this.#set(slot, GENERATION, this.generation(slot) + 1);
    // Not copied, unlike on `add`: every refresh comes here, and the engine's
    // digest is a string of its own (its encoder's output), never a slice.
    this.#setCell(slot, SECRET_HASH, input.secretHash);
    this.#set(slot, ROTATED_AT, input.rotatedAt);
    this.#set(slot, LAST_USED, input.rotatedAt);
    this.#set(slot, IDLE_EXPIRES, idleExpiresAt);
    this.#set(slot, GRACE_REPLAYS, 0);
  }

  /** Records a step-up (the caller checked the session is live). */
  setAuthentication(slot: number, update: AuthenticationUpdate): void {
    this.#set(slot, AUTH_TIME, update.authTime);
    this.#setCell(slot, AMR, this.#methods(update.amr));
    if (update.device !== undefined) {
      this.#setCell(slot, DEVICE, update.device === null ? null : { ...update.device });
    }
  }

  idleExpiresAt(slot: number): number {
    return this.#get(slot, IDLE_EXPIRES);
  }

  absoluteExpiresAt(slot: number): number {
    return this.#get(slot, ABSOLUTE_EXPIRES);
  }

  /** Counts one grace replay and returns the new count. */
  countReplay(slot: number): number {
    const replays = this.graceReplays(slot) + 1;
    this.#set(slot, GRACE_REPLAYS, replays);
    return replays;
  }

  revoke(slot: number, at: number): void {
    this.#set(slot, REVOKED, 1);
    this.#set(slot, REVOKED_AT, at);
  }

  free(slot: number): void {
    const offset = (slot & CHUNK_MASK) * STRINGS;
    this.#chunk(slot).strings.fill(undefined, offset, offset + STRINGS);
    this.#free.push(slot);
  }

  id(slot: number): string {
    return this.#cell(slot, ID) as string;
  }

  subject(slot: number): string {
    return this.#cell(slot, SUBJECT) as string;
  }

  isRevoked(slot: number): boolean {
    return this.#get(slot, REVOKED) === 1;
  }

  generation(slot: number): number {
    return this.#get(slot, GENERATION);
  }

  graceReplays(slot: number): number {
    return this.#get(slot, GRACE_REPLAYS);
  }

  expiresAt(slot: number): number {
    return this.#get(slot, EXPIRES);
  }

  /**
   * The refresh fast path's check: active, idle and absolute expiry after
   * `now`, at `generation`, and holding `digest` as its secret hash.
   */
  isCurrent(slot: number, generation: number, digest: string, now: number): boolean {
    return (
      !this.isRevoked(slot) &&
      this.generation(slot) === generation &&
      now < this.#get(slot, IDLE_EXPIRES) &&
      now < this.#get(slot, ABSOLUTE_EXPIRES) &&
      stringsEqual(this.#cell(slot, SECRET_HASH) as string, digest)
    );
  }

  /** A fresh public copy of the session. */
  session(slot: number): SessionRecord {
    const revokedAt = this.#get(slot, REVOKED_AT);
    const rotatedAt = this.#get(slot, ROTATED_AT);
    const device = this.#cell(slot, DEVICE) as DeviceContext | null;
    const authTime = this.#get(slot, AUTH_TIME);
    const amr = this.#cell(slot, AMR) as readonly string[] | undefined;
    return {
      id: this.id(slot),
      subject: this.subject(slot),
      status: this.isRevoked(slot) ? 'revoked' : 'active',
      createdAt: this.#get(slot, CREATED),
      lastUsedAt: this.#get(slot, LAST_USED),
      idleExpiresAt: this.#get(slot, IDLE_EXPIRES),
      absoluteExpiresAt: this.#get(slot, ABSOLUTE_EXPIRES),
      generation: this.generation(slot),
      secretHash: this.#cell(slot, SECRET_HASH) as string,
      rotatedAt: Number.isNaN(rotatedAt) ? null : rotatedAt,
      graceReplays: this.graceReplays(slot),
      revokedAt: Number.isNaN(revokedAt) ? null : revokedAt,
      device: device === null ? null : { ...device },
      ...(Number.isNaN(authTime) ? {} : { authTime }),
      ...(amr === undefined ? {} : { amr: [...amr] }),
      expiresAt: this.expiresAt(slot),
    };
  }

  #methods(amr: readonly string[]): readonly string[] {
    // JSON: one spelling per list, whatever the names hold.
    const key = JSON.stringify(amr);
    const shared = this.#amrs.get(key);
    if (shared !== undefined) return shared;
    const methods = frozenMethods(amr);
    // Bounded: past that many distinct lists, each session keeps its own copy.
    if (this.#amrs.size < MAX_SHARED_AMRS) this.#amrs.set(key, methods);
    return methods;
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
        strings: new Array<Cell>(STRINGS << CHUNK_BITS).fill(undefined),
      });
    }
    return slot;
  }
}

// A frozen copy of flat strings: records handed out get their own array.
function frozenMethods(amr: readonly string[]): readonly string[] {
  return Object.freeze(amr.map(flatString));
}
