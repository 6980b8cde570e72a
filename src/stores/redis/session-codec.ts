/**
 * A `SessionRecord` as the flat field/value pairs of its Redis hash, and back.
 * Field names are in `scripts.ts`; `null`s are absent fields, which keeps the
 * hash small. The store reads a hash as `HMGET` of {@link FIELDS}, in that
 * order, inside scripts and out: a flat list of values by position.
 * @module
 */
import type { DeviceContext } from '../../session/events.js';
import type { SessionRecord } from '../../session/store.js';

/** The hash of `session` as HSET's field/value list (the id is in the key). */
export function encodeSession(session: SessionRecord): string[] {
  const fields = [
    'u',
    session.subject,
    'st',
    session.status === 'active' ? 'a' : 'r',
    'c',
    String(session.createdAt),
    'l',
    String(session.lastUsedAt),
    'i',
    String(session.idleExpiresAt),
    'a',
    String(session.absoluteExpiresAt),
    'g',
    String(session.generation),
    'h',
    session.secretHash,
    'n',
    String(session.graceReplays),
    'e',
    String(session.expiresAt),
  ];
  if (session.rotatedAt !== null) fields.push('r', String(session.rotatedAt));
  if (session.revokedAt !== null) fields.push('x', String(session.revokedAt));
  if (session.device !== null) fields.push('d', JSON.stringify(session.device));
  if (session.authTime !== undefined) fields.push('t', String(session.authTime));
  if (session.amr !== undefined) fields.push('m', JSON.stringify(session.amr));
  return fields;
}

/**
 * Every field of a session hash, in the order the scripts and `getSession`
 * read them (`HMGET`). The scripts address the first seven by position:
 * 1 `e`, 2 `st`, 3 `g`, 4 `h`, 5 `i`, 6 `a`, 7 `u`, then 8 `r`, 9 `l`, 10 `n`.
 */
export const FIELDS = [
  'e',
  'st',
  'g',
  'h',
  'i',
  'a',
  'u',
  'r',
  'l',
  'n',
  'c',
  'x',
  'd',
  't',
  'm',
] as const;

/**
 * The hash as an object from the `HMGET` values of {@link FIELDS}: the
 * client's list (absent fields `null`), or a script's JSON array of them
 * (absent fields `false`); anything else reads as an empty hash.
 */
export function hashFields(reply: unknown): Record<string, string> {
  const values: unknown = typeof reply === 'string' ? JSON.parse(reply) : reply;
  const fields: Record<string, string> = {};
  // No record in the reply (e.g. {'not_found'}): an empty hash.
  if (!Array.isArray(values)) return fields;
  for (let i = 0; i < FIELDS.length; i += 1) {
    const value = values[i];
    if (typeof value === 'string') fields[FIELDS[i] as string] = value;
  }
  return fields;
}

/** The record stored under `sessionId`, or `null` for an empty (absent) hash. */
export function decodeSession(
  sessionId: string,
  fields: Record<string, string>,
): SessionRecord | null {
  if (fields.e === undefined || fields.u === undefined) return null;
  return {
    id: sessionId,
    subject: fields.u,
    status: fields.st === 'a' ? 'active' : 'revoked',
    createdAt: Number(fields.c),
    lastUsedAt: Number(fields.l),
    idleExpiresAt: Number(fields.i),
    absoluteExpiresAt: Number(fields.a),
    generation: Number(fields.g),
    secretHash: fields.h ?? '',
    rotatedAt: optionalNumber(fields.r),
    graceReplays: Number(fields.n),
    revokedAt: optionalNumber(fields.x),
    device: fields.d === undefined ? null : (JSON.parse(fields.d) as DeviceContext),
    // Absent on hashes written before step-up: the engine reads createdAt and [].
    ...(fields.t === undefined ? {} : { authTime: Number(fields.t) }),
    ...(fields.m === undefined ? {} : { amr: JSON.parse(fields.m) as string[] }),
    expiresAt: Number(fields.e),
  };
}

function optionalNumber(value: string | undefined): number | null {
  return value === undefined ? null : Number(value);
}
