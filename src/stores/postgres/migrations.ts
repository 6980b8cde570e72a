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
];

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
