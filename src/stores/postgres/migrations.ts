/**
 * The store's schema as versioned migrations, shipped as TypeScript strings
 * (no `.sql` files to locate at run time, so the ESM and CJS builds carry
 * them alike). Append new versions; never edit an applied one.
 *
 * Times are `bigint` milliseconds since the epoch: the store compares them
 * with the `now` the engine passes, exactly, never with the database's clock.
 * @module
 */
import type { TableNames } from './names.js';
import { SESSION_COLUMN_LIST } from './rows.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  statements(names: TableNames): string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'sessions, token_versions, jti_denylist',
    statements: (t) => [
      `CREATE TABLE ${t.sessions} (
        id text PRIMARY KEY,
        subject text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'revoked')),
        created_at bigint NOT NULL,
        last_used_at bigint NOT NULL,
        idle_expires_at bigint NOT NULL,
        absolute_expires_at bigint NOT NULL,
        generation bigint NOT NULL,
        secret_hash text NOT NULL,
        rotated_at bigint,
        grace_replays integer NOT NULL DEFAULT 0,
        revoked_at bigint,
        device jsonb,
        expires_at bigint NOT NULL
      )`,
      // listSessions and revokeSubject look sessions up by subject.
      `CREATE INDEX ${t.index('sessions_subject_idx')} ON ${t.sessions} (subject)`,
      // deleteExpired scans by expiry on each table.
      `CREATE INDEX ${t.index('sessions_expires_at_idx')} ON ${t.sessions} (expires_at)`,
      `CREATE TABLE ${t.tokenVersions} (
        subject text PRIMARY KEY,
        version bigint NOT NULL,
        expires_at bigint NOT NULL
      )`,
      `CREATE INDEX ${t.index('token_versions_expires_at_idx')} ON ${t.tokenVersions} (expires_at)`,
      `CREATE TABLE ${t.jtiDenylist} (
        jti text PRIMARY KEY,
        expires_at bigint NOT NULL
      )`,
      `CREATE INDEX ${t.index('jti_denylist_expires_at_idx')} ON ${t.jtiDenylist} (expires_at)`,
    ],
  },
  {
    version: 2,
    name: 'sessions.auth_time, sessions.amr (step-up)',
    // Nullable, no default, no rewrite of the table: rows written before read
    // as authenticated at created_at with no known method.
    statements: (t) => [
      `ALTER TABLE ${t.sessions} ADD COLUMN auth_time bigint, ADD COLUMN amr jsonb`,
    ],
  },
  {
    version: 3,
    name: 'rotate_if_current (the refresh fast path as a function)',
    // PL/pgSQL plans the body once per connection and keeps the plan, which
    // is what a prepared statement gives: for drivers or poolers that cannot
    // prepare (PGlite, PgBouncer in transaction mode before 1.21).
    statements: (t) => [
      `CREATE OR REPLACE FUNCTION ${t.rotateIfCurrentFunction}(text, bigint, text, bigint, bigint, text)
      RETURNS SETOF text LANGUAGE plpgsql AS $rotate_if_current$
      BEGIN
        RETURN QUERY ${rotateIfCurrentStatement(t)};
      END
      $rotate_if_current$`,
    ],
  },
];

/**
 * The refresh fast path (`TokenStore.rotateIfCurrent`) in one statement: the
 * prepared statement the store sends, and the body of the function migration 3
 * creates (`rotateIfCurrentCall`, sent when prepared statements are off). A
 * database keeps the body it was migrated with, so a change here (a new
 * session column included) needs a new migration that replaces the function;
 * a test holds a hash of this text to say so.
 *
 * $1 id, $2 presented generation, $3 successor's hash, $4 rotatedAt (= now),
 * $5 idle expiry before the cap, $6 presented hash (in the function, its
 * parameters in that order). The rotated record, then true and the subject's
 * token version; or else (NOT EXISTS) the record as the statement's snapshot
 * saw it, then false. Under READ COMMITTED a racing loser's UPDATE re-checks
 * the WHERE on the winner's row version and updates nothing; its snapshot row
 * may predate the winner, and the engine's regular path (rotate, then the
 * chain proof) then sees the winner. The version is read in the same
 * statement: a logout-all either revoked the row first (no rotation) or bumps
 * it after. `secret_hash = $6` is not constant-time, which is safe: both are
 * SHA-256 digests (see TokenStore.rotateIfCurrent).
 */
export function rotateIfCurrentStatement(t: TableNames): string {
  return `WITH rotated AS (
        UPDATE ${t.sessions}
        SET generation = generation + 1, secret_hash = $3, rotated_at = $4, last_used_at = $4,
            idle_expires_at = LEAST($5::bigint, absolute_expires_at), grace_replays = 0
        WHERE id = $1 AND status = 'active' AND generation = $2 AND secret_hash = $6
          AND expires_at > $4 AND idle_expires_at > $4 AND absolute_expires_at > $4
        RETURNING ${SESSION_COLUMN_LIST}
      )
      SELECT json_build_array(${SESSION_COLUMN_LIST}, true,
        COALESCE((SELECT v.version FROM ${t.tokenVersions} v
          WHERE v.subject = rotated.subject AND v.expires_at > $4), 0))::text AS record
      FROM rotated
      UNION ALL
      SELECT json_build_array(${SESSION_COLUMN_LIST}, false, 0)::text FROM ${t.sessions}
      WHERE id = $1 AND expires_at > $4 AND NOT EXISTS (SELECT 1 FROM rotated)`;
}

/**
 * The newest schema version this package knows.
 *
 * @example
 * ```ts
 * const version = await migrate(pool); // the schema is now at LATEST_VERSION
 * console.log(`schema version ${version} of ${LATEST_VERSION}`);
 * ```
 */
export const LATEST_VERSION = MIGRATIONS.reduce((latest, m) => Math.max(latest, m.version), 0);
