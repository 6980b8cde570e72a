/**
 * Named prepared statements for node-postgres. A `{ name, text, values }`
 * query is parsed and planned by the server once per connection; every later
 * call on that connection only binds and executes it. The parse and plan of
 * `rotateIfCurrent` (a CTE with a fallback row and a sub-select) cost the
 * server more than executing it, on every refresh, without this.
 * @module
 */
import type { Queryable } from './types.js';

/** One statement as node-postgres's `QueryConfig` takes it, without its values. */
export interface NamedStatement {
  readonly name: string;
  readonly text: string;
}

/**
 * node-postgres's `Pool` (its documented `totalCount`) or `Client`/`PoolClient`
 * (`connectionParameters`). PGlite and unknown drivers are neither, and get
 * plain `query(text, values)` calls.
 */
export function isNodePostgres(db: Queryable): boolean {
  return (
    typeof db === 'object' && db !== null && ('totalCount' in db || 'connectionParameters' in db)
  );
}

/**
 * The name of each statement: its key and a hash of its text. The text holds
 * the schema and table prefix, so two stores on other tables sharing one pool
 * never reuse a name for another statement (node-postgres refuses that), and
 * a package upgrade that changes the SQL gets new names too. Short enough for
 * the server's 63-byte names.
 */
export function namedStatements<K extends string>(
  statements: Readonly<Record<K, string>>,
): Record<K, NamedStatement> {
  const named = {} as Record<K, NamedStatement>;
  for (const key of Object.keys(statements) as K[]) {
    const text = statements[key];
    named[key] = {
      name: `tokenwarden_${key}_${fnv1a(text, 0x811c9dc5)}${fnv1a(text, 0x050c5d1f)}`,
      text,
    };
  }
  return named;
}

// 32-bit FNV-1a from two offset bases, 64 bits of hex in all: a name, not a
// secret (and a collision is refused by node-postgres, never run as the wrong SQL).
function fnv1a(text: string, basis: number): string {
  let hash = basis;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
