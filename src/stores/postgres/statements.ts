/**
 * The SQL of every store call, built once per store from its table names.
 * Each is ONE statement, so a `pg` `Pool` may run it on any connection.
 * Expiry is always `expires_at > $now` with the engine's `now` (a record
 * expired at `now` reads as absent), never the database's `now()`.
 * @module
 */
import { rotateIfCurrentStatement } from './migrations.js';
import { SESSION_COLUMNS, SESSION_COLUMN_LIST } from './rows.js';
import type { TableNames } from './names.js';

/** A session as one text column (see rows.ts). */
const RECORD = `json_build_array(${SESSION_COLUMN_LIST})::text AS record`;

export type Statements = ReturnType<typeof statements>;

export function statements(t: TableNames) {
  return {
    // Replaces a record with the same id, as MemoryStore does.
    createSession: `INSERT INTO ${t.sessions} (${SESSION_COLUMN_LIST})
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
      ON CONFLICT (id) DO UPDATE SET ${SESSION_COLUMNS.slice(1)
        .map((c) => `${c} = EXCLUDED.${c}`)
        .join(', ')}`,
    // $1 id, $2 now
    getSession: `SELECT ${RECORD} FROM ${t.sessions} WHERE id = $1 AND expires_at > $2`,
    // $1 id, $2 generation, $3 secret hash, $4 rotatedAt (also "now"), $5 idle expiry.
    // A row lock serialises racing rotations; under READ COMMITTED the losers
    // re-check the WHERE on the winner's row version and update nothing.
    rotate: `UPDATE ${t.sessions}
      SET generation = generation + 1, secret_hash = $3, rotated_at = $4, last_used_at = $4,
          idle_expires_at = $5, grace_replays = 0
      WHERE id = $1 AND status = 'active' AND generation = $2 AND expires_at > $4
      RETURNING ${RECORD}`,
    // The refresh fast path in one statement: `rotateIfCurrentStatement` in
    // migrations.ts, the body of the function migration 3 creates.
    rotateIfCurrent: rotateIfCurrentStatement(t),
    // The same, as a call of that function: the server plans its body once per
    // connection, which is what prepared statements give (the store sends this
    // when they are off).
    rotateIfCurrentCall: `SELECT ${t.rotateIfCurrentFunction}($1, $2, $3, $4, $5, $6) AS record`,
    // $1 id, $2 generation, $3 max replays, $4 now
    claimGraceReplay: `UPDATE ${t.sessions} SET grace_replays = grace_replays + 1
      WHERE id = $1 AND status = 'active' AND generation = $2 AND grace_replays < $3 AND expires_at > $4
      RETURNING ${RECORD}`,
    // $1 id, $2 authTime, $3 amr JSON, $4 set the device?, $5 device JSON or NULL, $6 now.
    // Live only: unexpired record, active, before its idle and absolute expiry.
    setAuthentication: `UPDATE ${t.sessions}
      SET auth_time = $2, amr = $3::jsonb, device = CASE WHEN $4::boolean THEN $5::jsonb ELSE device END
      WHERE id = $1 AND status = 'active' AND expires_at > $6
        AND idle_expires_at > $6 AND absolute_expires_at > $6
      RETURNING ${RECORD}`,
    // $1 subject, $2 now
    listSessions: `SELECT ${RECORD} FROM ${t.sessions} WHERE subject = $1 AND expires_at > $2`,
    // $1 id, $2 at
    revokeSession: `UPDATE ${t.sessions} SET status = 'revoked', revoked_at = $2
      WHERE id = $1 AND status = 'active' AND expires_at > $2 RETURNING id`,
    // $1 subject, $2 at
    revokeSubject: `WITH revoked AS (
        UPDATE ${t.sessions} SET status = 'revoked', revoked_at = $2
        WHERE subject = $1 AND status = 'active' AND expires_at > $2 RETURNING 1
      ) SELECT count(*)::integer AS n FROM revoked`,
    // $1 subject, $2 now
    getTokenVersion: `SELECT version FROM ${t.tokenVersions} WHERE subject = $1 AND expires_at > $2`,
    // $1 subject, $2 expiresAt, $3 now. An expired version restarts from 1, as if absent.
    bumpTokenVersion: `INSERT INTO ${t.tokenVersions} AS v (subject, version, expires_at) VALUES ($1, 1, $2)
      ON CONFLICT (subject) DO UPDATE SET
        version = CASE WHEN v.expires_at > $3::bigint THEN v.version + 1 ELSE 1 END,
        expires_at = EXCLUDED.expires_at
      RETURNING version`,
    // $1 jti, $2 expiresAt. The later expiry wins (an expired entry is earlier than any live one).
    denyJti: `INSERT INTO ${t.jtiDenylist} AS d (jti, expires_at) VALUES ($1, $2)
      ON CONFLICT (jti) DO UPDATE SET expires_at = GREATEST(d.expires_at, EXCLUDED.expires_at)`,
    // $1 jti, $2 now
    isJtiDenied: `SELECT 1 FROM ${t.jtiDenylist} WHERE jti = $1 AND expires_at > $2`,
    // $1 now
    deleteExpired: `WITH
        s AS (DELETE FROM ${t.sessions} WHERE expires_at <= $1 RETURNING 1),
        v AS (DELETE FROM ${t.tokenVersions} WHERE expires_at <= $1 RETURNING 1),
        d AS (DELETE FROM ${t.jtiDenylist} WHERE expires_at <= $1 RETURNING 1)
      SELECT ((SELECT count(*) FROM s) + (SELECT count(*) FROM v) + (SELECT count(*) FROM d))::integer AS n`,
  };
}
