/**
 * A `SessionRecord` as the flat field/value pairs of its Redis hash, and back.
 * Field names are in `scripts.ts`; `null`s are absent fields, which keeps the
 * hash small.
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

/** A hash as an object: HGETALL answers a flat list inside scripts, an object outside. */
export function hashFields(reply: unknown): Record<string, string> {
  if (!Array.isArray(reply)) return (reply ?? {}) as Record<string, string>;
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < reply.length; i += 2) fields[String(reply[i])] = String(reply[i + 1]);
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
