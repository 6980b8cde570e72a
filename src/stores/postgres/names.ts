/**
 * The quoted, schema-qualified names of the store's tables and indexes, from
 * the validated `schema` and `tablePrefix` options. Identifiers are
 * interpolated into SQL (they cannot be bound parameters), so only plain
 * lowercase identifiers are accepted, and they are quoted anyway.
 * @module
 */
import type { PostgresSchemaOptions } from './types.js';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
// PostgreSQL truncates longer identifiers (NAMEDATALEN - 1), which could make two names collide.
const MAX_IDENTIFIER = 63;
const LONGEST_SUFFIX = 'sessions_expires_at_idx';

export interface TableNames {
  /** The unquoted schema name (for catalog lookups). */
  readonly schemaName: string;
  readonly schema: string;
  readonly sessions: string;
  readonly tokenVersions: string;
  readonly jtiDenylist: string;
  readonly migrations: string;
  /** The refresh fast path as a function (migration 3), schema-qualified and quoted. */
  readonly rotateIfCurrentFunction: string;
  /** An unqualified, quoted index name (indexes live in their table's schema). */
  index(name: string): string;
}

export function tableNames(options: PostgresSchemaOptions = {}): TableNames {
  const schemaName = options.schema ?? 'tokenwarden';
  const prefix = options.tablePrefix ?? '';
  if (!IDENTIFIER.test(schemaName) || schemaName.length > MAX_IDENTIFIER)
    throw new TypeError(
      `tokenwarden/postgres: schema must match ${IDENTIFIER} and be at most ${MAX_IDENTIFIER} characters`,
    );
  if (prefix !== '' && !IDENTIFIER.test(prefix))
    throw new TypeError(`tokenwarden/postgres: tablePrefix must be empty or match ${IDENTIFIER}`);
  if (prefix.length + LONGEST_SUFFIX.length > MAX_IDENTIFIER)
    throw new TypeError(
      `tokenwarden/postgres: tablePrefix must be at most ${MAX_IDENTIFIER - LONGEST_SUFFIX.length} characters`,
    );
  const schema = `"${schemaName}"`;
  const table = (name: string) => `${schema}."${prefix}${name}"`;
  return {
    schemaName,
    schema,
    sessions: table('sessions'),
    tokenVersions: table('token_versions'),
    jtiDenylist: table('jti_denylist'),
    migrations: table('migrations'),
    rotateIfCurrentFunction: table('rotate_if_current'),
    index: (name) => `"${prefix}${name}"`,
  };
}
