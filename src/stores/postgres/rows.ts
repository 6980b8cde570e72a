/**
 * Rows to records. `pg` returns `bigint` columns as strings (they may exceed
 * 2^53) and PGlite as numbers; both become numbers here, which is exact for
 * every millisecond timestamp and generation the engine writes.
 * @module
 */
import type { DeviceContext } from '../../session/events.js';
import type { SessionRecord } from '../../session/store.js';

export interface SessionRow {
  id: string;
  subject: string;
  status: 'active' | 'revoked';
  created_at: string | number;
  last_used_at: string | number;
  idle_expires_at: string | number;
  absolute_expires_at: string | number;
  generation: string | number;
  secret_hash: string;
  rotated_at: string | number | null;
  grace_replays: string | number;
  revoked_at: string | number | null;
  device: DeviceContext | string | null;
  expires_at: string | number;
  auth_time: string | number | null;
  amr: string[] | string | null;
}

export function toSession(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    subject: row.subject,
    status: row.status,
    createdAt: Number(row.created_at),
    lastUsedAt: Number(row.last_used_at),
    idleExpiresAt: Number(row.idle_expires_at),
    absoluteExpiresAt: Number(row.absolute_expires_at),
    generation: Number(row.generation),
    secretHash: row.secret_hash,
    rotatedAt: row.rotated_at === null ? null : Number(row.rotated_at),
    graceReplays: Number(row.grace_replays),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
    // A pg pool configured without the jsonb parser hands back the text.
    device: typeof row.device === 'string' ? (JSON.parse(row.device) as DeviceContext) : row.device,
    // NULL on rows written before migration 2: the engine reads created_at and [].
    ...(row.auth_time === null ? {} : { authTime: Number(row.auth_time) }),
    ...(row.amr === null
      ? {}
      : { amr: typeof row.amr === 'string' ? (JSON.parse(row.amr) as string[]) : row.amr }),
    expiresAt: Number(row.expires_at),
  };
}

/** The parameters of `createSession`, in the column order of its INSERT. */
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
