/**
 * Rows to records. Every statement that answers with a session returns it as
 * ONE text column, `record`: the JSON array of {@link SESSION_COLUMNS} (and
 * after them, for `rotateIfCurrent`, whether it rotated and the token
 * version). One column instead of sixteen spares node-postgres a row
 * description and a type parser per column on every call (about a third of
 * its CPU time per refresh), and JSON answers `bigint` as a number and
 * `jsonb` as a value on `pg` and PGlite alike, whatever type parsers a pool
 * was given. Numbers are exact: every millisecond timestamp and generation
 * the engine writes is below 2^53.
 * @module
 */
import type { DeviceContext } from '../../session/events.js';
import type { SessionRecord } from '../../session/store.js';

/** The sessions table's columns, in the order of the INSERT and of the `record` array. */
export const SESSION_COLUMNS = [
  'id',
  'subject',
  'status',
  'created_at',
  'last_used_at',
  'idle_expires_at',
  'absolute_expires_at',
  'generation',
  'secret_hash',
  'rotated_at',
  'grace_replays',
  'revoked_at',
  'device',
  'expires_at',
  'auth_time',
  'amr',
] as const;

/** {@link SESSION_COLUMNS} as SQL's column list, for the statements and migration 3's function. */
export const SESSION_COLUMN_LIST = SESSION_COLUMNS.join(', ');

/** A row of a statement that answers with sessions. */
export interface RecordRow {
  record: string;
}

/** The `record` array, by position of {@link SESSION_COLUMNS}, then any extra values. */
export type SessionValues = readonly [
  id: string,
  subject: string,
  status: 'active' | 'revoked',
  createdAt: number,
  lastUsedAt: number,
  idleExpiresAt: number,
  absoluteExpiresAt: number,
  generation: number,
  secretHash: string,
  rotatedAt: number | null,
  graceReplays: number,
  revokedAt: number | null,
  device: DeviceContext | null,
  expiresAt: number,
  authTime: number | null,
  amr: string[] | null,
  ...extra: unknown[],
];

export function recordValues(row: RecordRow): SessionValues {
  return JSON.parse(row.record) as SessionValues;
}

export function toSession(v: SessionValues): SessionRecord {
  const authTime = v[14];
  const amr = v[15];
  return {
    id: v[0],
    subject: v[1],
    status: v[2],
    createdAt: v[3],
    lastUsedAt: v[4],
    idleExpiresAt: v[5],
    absoluteExpiresAt: v[6],
    generation: v[7],
    secretHash: v[8],
    rotatedAt: v[9],
    graceReplays: v[10],
    revokedAt: v[11],
    device: v[12],
    // NULL on rows written before migration 2: the engine reads created_at and [].
    ...(authTime === null ? {} : { authTime }),
    ...(amr === null ? {} : { amr }),
    expiresAt: v[13],
  };
}

/** A session row's record (see {@link recordValues}). */
export function sessionOf(row: RecordRow): SessionRecord {
  return toSession(recordValues(row));
}

/** The parameters of `createSession`, in the order of {@link SESSION_COLUMNS}. */
export function sessionValues(s: SessionRecord): unknown[] {
  return [
    s.id,
    s.subject,
    s.status,
    s.createdAt,
    s.lastUsedAt,
    s.idleExpiresAt,
    s.absoluteExpiresAt,
    s.generation,
    s.secretHash,
    s.rotatedAt,
    s.graceReplays,
    s.revokedAt,
    s.device === null ? null : JSON.stringify(s.device),
    s.expiresAt,
    s.authTime ?? null,
    s.amr === undefined ? null : JSON.stringify(s.amr),
  ];
}
