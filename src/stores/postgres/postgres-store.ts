/**
 * `PostgresStore`: the {@link TokenStore} on PostgreSQL, through a `pg`
 * `Pool`/`Client` or PGlite (embedded PostgreSQL in WebAssembly, for durable
 * sessions without a database server). Every call is ONE statement (a
 * conditional `UPDATE … RETURNING` or an upsert), so each is atomic without
 * an explicit transaction, and every lookup is an index lookup (by primary
 * key or by the `subject` index). A refresh of the current token is one
 * statement (`rotateIfCurrent`: the checks, the rotation and the token
 * version together). A lost `rotate` or grace claim reads the
 * row once more to say why: the failure path only.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createRotationEngine } from 'tokenwarden';
 * import { migrate, PostgresStore } from 'tokenwarden/postgres';
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
 * await migrate(pool);
 * const engine = createRotationEngine({ store: new PostgresStore(pool) });
 * ```
 * @module
 */
import type {
  AuthenticationUpdate,
  GraceClaimInput,
  GraceClaimResult,
  RotateIfCurrentInput,
  RotateIfCurrentResult,
  RotateInput,
  RotateResult,
  SessionRecord,
  TokenStore,
} from '../../session/store.js';
import { withDeadline } from '../deadline.js';
import { PostgresTimeoutError } from './timeout-error.js';
import { tableNames } from './names.js';
import { isNodePostgres, type NamedStatement, namedStatements } from './prepared.js';
import { type RecordRow, recordValues, sessionOf, sessionValues, toSession } from './rows.js';
import { type Statements, statements } from './statements.js';
import type { PostgresStoreOptions, Queryable } from './types.js';

/** SQLSTATE undefined_function. */
const UNDEFINED_FUNCTION = '42883';
const DEFAULT_TIMEOUT_MS = 2_000;

/**
 * A {@link TokenStore} on PostgreSQL or PGlite. Run {@link migrate} first
 * (with the same `schema`/`tablePrefix`), and `deleteExpired` periodically.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import { migrate, PostgresStore } from 'tokenwarden/postgres';
 * const db = await PGlite.create({ dataDir: './data/sessions' });
 * await migrate(db);
 * const store = new PostgresStore(db);
 * ```
 */
export class PostgresStore implements TokenStore {
  readonly #db: Queryable;
  readonly #sql: Statements;
  /** The same statements with their names, when prepared statements are on. */
  readonly #prepared: Record<keyof Statements, NamedStatement> | undefined;
  readonly #timeout: number;
  /** False once the database said the fast path's function is missing (a schema before version 3). */
  #functionReady = true;

  constructor(db: Queryable, options: PostgresStoreOptions = {}) {
    if (typeof db?.query !== 'function')
      throw new TypeError('tokenwarden/postgres: db must have a query(text, values) method');
    const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeout) || timeout <= 0)
      throw new TypeError('tokenwarden/postgres: timeout must be a positive number of ms');
    const prepared = options.preparedStatements ?? isNodePostgres(db);
    if (typeof prepared !== 'boolean')
      throw new TypeError('tokenwarden/postgres: preparedStatements must be a boolean');
    this.#db = db;
    this.#sql = statements(tableNames(options));
    this.#prepared = prepared ? namedStatements(this.#sql) : undefined;
    this.#timeout = timeout;
  }

  async createSession(session: SessionRecord): Promise<void> {
    await this.#query('createSession', sessionValues(session));
  }

  async getSession(sessionId: string, now: number): Promise<SessionRecord | null> {
    const [row] = await this.#query<RecordRow>('getSession', [sessionId, now]);
    return row === undefined ? null : sessionOf(row);
  }

  async rotate(input: RotateInput): Promise<RotateResult> {
    const { sessionId, generation, secretHash, rotatedAt, idleExpiresAt } = input;
    const [row] = await this.#query<RecordRow>('rotate', [
      sessionId,
      generation,
      secretHash,
      rotatedAt,
      idleExpiresAt,
    ]);
    if (row !== undefined) return { ok: true, session: sessionOf(row) };
    // A fresh statement, so it sees the winner's commit: the session as it is now.
    const session = await this.getSession(sessionId, rotatedAt);
    if (session === null) return { ok: false, reason: 'not_found' };
    return { ok: false, reason: session.status === 'revoked' ? 'revoked' : 'superseded', session };
  }

  /** The refresh fast path in one statement (see `TokenStore.rotateIfCurrent`). */
  async rotateIfCurrent(input: RotateIfCurrentInput): Promise<RotateIfCurrentResult> {
    const { sessionId, generation, secretHash, rotatedAt, idleExpiresAt, presentedHash } = input;
    const [row] = await this.#fastPath([
      sessionId,
      generation,
      secretHash,
      rotatedAt,
      idleExpiresAt,
      presentedHash,
    ]);
    if (row === undefined) return { ok: false, session: null };
    const values = recordValues(row);
    const session = toSession(values);
    // After the record: whether it rotated, then the token version.
    if (values[16] !== true) return { ok: false, session };
    return { ok: true, session, tokenVersion: values[17] as number };
  }

  async claimGraceReplay(input: GraceClaimInput, now: number): Promise<GraceClaimResult> {
    const { sessionId, generation, maxReplays } = input;
    const [row] = await this.#query<RecordRow>('claimGraceReplay', [
      sessionId,
      generation,
      maxReplays,
      now,
    ]);
    if (row !== undefined) {
      const session = sessionOf(row);
      return { ok: true, replays: session.graceReplays, session };
    }
    const session = await this.getSession(sessionId, now);
    if (session === null) return { ok: false, reason: 'not_found' };
    if (session.status === 'revoked') return { ok: false, reason: 'revoked' };
    if (session.generation !== generation) return { ok: false, reason: 'superseded' };
    return { ok: false, reason: 'cap_exceeded' };
  }

  async setAuthentication(
    sessionId: string,
    update: AuthenticationUpdate,
    now: number,
  ): Promise<SessionRecord | null> {
    const { device } = update;
    const [row] = await this.#query<RecordRow>('setAuthentication', [
      sessionId,
      update.authTime,
      JSON.stringify(update.amr),
      device !== undefined,
      device ? JSON.stringify(device) : null,
      now,
    ]);
    return row === undefined ? null : sessionOf(row);
  }

  async listSessions(subject: string, now: number): Promise<SessionRecord[]> {
    const rows = await this.#query<RecordRow>('listSessions', [subject, now]);
    return rows.map(sessionOf);
  }

  async revokeSession(sessionId: string, at: number): Promise<boolean> {
    return (await this.#query('revokeSession', [sessionId, at])).length === 1;
  }

  async revokeSubject(subject: string, at: number): Promise<number> {
    const [row] = await this.#query<{ n: number }>('revokeSubject', [subject, at]);
    return Number(row?.n ?? 0);
  }

  async getTokenVersion(subject: string, now: number): Promise<number> {
    const [row] = await this.#query<{ version: string | number }>('getTokenVersion', [
      subject,
      now,
    ]);
    return row === undefined ? 0 : Number(row.version);
  }

  async bumpTokenVersion(subject: string, expiresAt: number, now: number): Promise<number> {
    const [row] = await this.#query<{ version: string | number }>('bumpTokenVersion', [
      subject,
      expiresAt,
      now,
    ]);
    return Number(row?.version);
  }

  async denyJti(jti: string, expiresAt: number, _now: number): Promise<void> {
    await this.#query('denyJti', [jti, expiresAt]);
  }

  async isJtiDenied(jti: string, now: number): Promise<boolean> {
    return (await this.#query('isJtiDenied', [jti, now])).length > 0;
  }

  async deleteExpired(now: number): Promise<number> {
    const [row] = await this.#query<{ n: number }>('deleteExpired', [now]);
    return Number(row?.n ?? 0);
  }

  /**
   * The fast path's statement: prepared when prepared statements are on;
   * otherwise the call of the function migration 3 made, whose plan the
   * server keeps per connection. On a schema migrated before version 3 (no
   * such function: SQLSTATE 42883) the store sends the statement itself from
   * then on. Sending the statement after that error writes nothing twice: a
   * statement that fails leaves nothing written.
   */
  async #fastPath(values: unknown[]): Promise<RecordRow[]> {
    if (this.#prepared !== undefined || !this.#functionReady) {
      return this.#query<RecordRow>('rotateIfCurrent', values);
    }
    try {
      return await this.#query<RecordRow>('rotateIfCurrentCall', values);
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== UNDEFINED_FUNCTION) throw error;
      this.#functionReady = false;
      return this.#query<RecordRow>('rotateIfCurrent', values);
    }
  }

  async #query<Row>(name: keyof Statements, values: unknown[]): Promise<Row[]> {
    const timeout = this.#timeout;
    const { rows } = await withDeadline(
      timeout,
      () => new PostgresTimeoutError(name, timeout),
      () => this.#send(name, values),
    );
    return rows as Row[];
  }

  #send(name: keyof Statements, values: unknown[]): Promise<{ rows: unknown[] }> {
    const prepared = this.#prepared?.[name];
    if (prepared === undefined) return this.#db.query(this.#sql[name], values);
    // node-postgres's QueryConfig: parsed and planned once per connection.
    const query = this.#db.query as unknown as (
      config: PreparedQuery,
    ) => Promise<{ rows: unknown[] }>;
    return query.call(this.#db, { name: prepared.name, text: prepared.text, values });
  }
}

interface PreparedQuery extends NamedStatement {
  readonly values: unknown[];
}
