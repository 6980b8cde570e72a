/**
 * The method-level suite of `PostgresStore`, run on every backend: a real
 * PostgreSQL through a `pg` Pool, PGlite in memory and PGlite on disk. Each
 * test migrates its own schema, so counts and cleanup are its own.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../src/session/store.js';
import { migrate, PostgresStore, type Queryable } from '../../src/stores/postgres/index.js';
import { MIGRATIONS, rotateIfCurrentStatement } from '../../src/stores/postgres/migrations.js';
import { tableNames } from '../../src/stores/postgres/names.js';

/** Far enough from 0 that a timestamp needs more than 32 bits, as real ones do. */
export const T0 = 1_760_000_000_000;
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

let schemas = 0;
/** A schema name no other test in this process uses. */
export function freshSchema(label = 's'): string {
  schemas += 1;
  return `tw_${label}_${process.pid}_${schemas}`;
}

export function session(overrides: Partial<SessionRecord> = {}): SessionRecord {
  const id = overrides.id ?? `0badcafe${Math.random().toString(36).slice(2)}`;
  return {
    id,
    subject: 'user-1',
    status: 'active',
    createdAt: T0,
    lastUsedAt: T0,
    idleExpiresAt: T0 + 7 * DAY,
    absoluteExpiresAt: T0 + 30 * DAY,
    generation: 0,
    secretHash: 'hash-0',
    rotatedAt: null,
    graceReplays: 0,
    revokedAt: null,
    device: { userAgent: 'Firefox', ip: '203.0.113.7' },
    expiresAt: T0 + 31 * DAY,
    ...overrides,
  };
}

/** The fast-path rotation of `s`'s first token (generation 0, its stored digest) at `at`. */
export function rotateFirstToken(
  store: PostgresStore,
  s: SessionRecord,
  secretHash: string,
  at: number,
  idleExpiresAt = at + DAY,
) {
  return store.rotateIfCurrent({
    sessionId: s.id,
    generation: 0,
    presentedHash: s.secretHash,
    secretHash,
    rotatedAt: at,
    idleExpiresAt,
  });
}

export async function countRows(db: Queryable, schema: string): Promise<number> {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM "${schema}".sessions) + (SELECT count(*) FROM "${schema}".token_versions)
       + (SELECT count(*) FROM "${schema}".jti_denylist) AS n`,
  );
  return Number((rows[0] as { n: string | number }).n);
}

async function freshStore(db: Queryable) {
  const schema = freshSchema();
  await migrate(db, { schema });
  return { schema, store: new PostgresStore(db, { schema }) };
}

/** Registers the method-level tests; `db()` is read when each test runs. */
export function storeMethodSuite(db: () => Queryable): void {
  describe('sessions', () => {
    it('a created session reads back field for field, device and nulls included', async () => {
      const { store } = await freshStore(db());
      const s = session();
      await store.createSession(s);
      expect(await store.getSession(s.id, T0)).toEqual(s);
      const bare = session({
        device: null,
        rotatedAt: T0 + 5,
        revokedAt: T0 + 9,
        status: 'revoked',
      });
      await store.createSession(bare);
      expect(await store.getSession(bare.id, T0)).toEqual(bare);
    });

    it('reads as absent at and after expiresAt, on the engine clock', async () => {
      const { store } = await freshStore(db());
      const s = session();
      await store.createSession(s);
      expect(await store.getSession(s.id, s.expiresAt - 1)).not.toBeNull();
      expect(await store.getSession(s.id, s.expiresAt)).toBeNull();
      expect(await store.getSession('unknown', T0)).toBeNull();
    });

    it('createSession with an existing id replaces the record', async () => {
      const { store } = await freshStore(db());
      const s = session();
      await store.createSession(s);
      const replaced = session({ id: s.id, subject: 'user-2', secretHash: 'other' });
      await store.createSession(replaced);
      expect(await store.getSession(s.id, T0)).toEqual(replaced);
    });
  });

  describe('rotate', () => {
    it('swaps the generation and everything that goes with it', async () => {
      const { store } = await freshStore(db());
      const s = session({ graceReplays: 2 });
      await store.createSession(s);
      const at = T0 + HOUR;
      const result = await store.rotate({
        sessionId: s.id,
        generation: 0,
        secretHash: 'hash-1',
        rotatedAt: at,
        idleExpiresAt: at + 7 * DAY,
      });
      const expected = {
        ...s,
        generation: 1,
        secretHash: 'hash-1',
        rotatedAt: at,
        lastUsedAt: at,
        idleExpiresAt: at + 7 * DAY,
        graceReplays: 0,
      };
      expect(result).toEqual({ ok: true, session: expected });
      expect(await store.getSession(s.id, at)).toEqual(expected);
    });

    it('says not_found, revoked or superseded, with the session as it is', async () => {
      const { store } = await freshStore(db());
      const s = session();
      await store.createSession(s);
      const input = {
        sessionId: s.id,
        generation: 0,
        secretHash: 'h',
        rotatedAt: T0 + 1,
        idleExpiresAt: T0 + DAY,
      };
      expect((await store.rotate(input)).ok).toBe(true);
      const lost = await store.rotate({ ...input, secretHash: 'h2' });
      expect(lost).toMatchObject({ ok: false, reason: 'superseded' });
      expect(lost.ok === false && lost.reason === 'superseded' && lost.session).toMatchObject({
        generation: 1,
        secretHash: 'h',
      });
      expect(await store.rotate({ ...input, sessionId: 'unknown' })).toEqual({
        ok: false,
        reason: 'not_found',
      });
      expect(await store.rotate({ ...input, generation: 1, rotatedAt: s.expiresAt })).toEqual({
        ok: false,
        reason: 'not_found',
      });
      await store.revokeSession(s.id, T0 + 2);
      expect(await store.rotate({ ...input, generation: 1 })).toMatchObject({
        ok: false,
        reason: 'revoked',
        session: { status: 'revoked', revokedAt: T0 + 2, generation: 1 },
      });
    });

    it('200 concurrent rotations of one generation: exactly one wins', async () => {
      const { store } = await freshStore(db());
      const s = session();
      await store.createSession(s);
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          store.rotate({
            sessionId: s.id,
            generation: 0,
            secretHash: `h-${i}`,
            rotatedAt: T0 + 1,
            idleExpiresAt: T0 + DAY,
          }),
        ),
      );
      const winners = results.filter((r) => r.ok);
      expect(winners).toHaveLength(1);
      const losers = results.filter((r) => !r.ok);
      expect(losers.every((r) => r.reason === 'superseded' && r.session.generation === 1)).toBe(
        true,
      );
      const now = await store.getSession(s.id, T0 + 1);
      expect(now?.generation).toBe(1);
      expect(winners[0]!.ok && winners[0]!.session.secretHash).toBe(now?.secretHash);
    });
  });

  describe('claimGraceReplay', () => {
    it('counts replays up to the cap and says why it refuses', async () => {
      const { store } = await freshStore(db());
      const s = session({ generation: 3 });
      await store.createSession(s);
      const claim = { sessionId: s.id, generation: 3, maxReplays: 2 };
      expect(await store.claimGraceReplay(claim, T0)).toMatchObject({ ok: true, replays: 1 });
      expect(await store.claimGraceReplay(claim, T0)).toMatchObject({
        ok: true,
        replays: 2,
        session: { graceReplays: 2 },
      });
      expect(await store.claimGraceReplay(claim, T0)).toEqual({
        ok: false,
        reason: 'cap_exceeded',
      });
      expect(await store.claimGraceReplay({ ...claim, generation: 2 }, T0)).toEqual({
        ok: false,
        reason: 'superseded',
      });
      expect(await store.claimGraceReplay(claim, s.expiresAt)).toEqual({
        ok: false,
        reason: 'not_found',
      });
      await store.revokeSession(s.id, T0);
      expect(await store.claimGraceReplay(claim, T0)).toEqual({ ok: false, reason: 'revoked' });
    });

    it('concurrent claims never exceed the cap', async () => {
      const { store } = await freshStore(db());
      const s = session({ generation: 1 });
      await store.createSession(s);
      const results = await Promise.all(
        Array.from({ length: 100 }, () =>
          store.claimGraceReplay({ sessionId: s.id, generation: 1, maxReplays: 5 }, T0),
        ),
      );
      const granted = results.flatMap((r) => (r.ok ? [r.replays] : []));
      expect(granted.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
      expect(results.filter((r) => !r.ok && r.reason === 'cap_exceeded')).toHaveLength(95);
    });
  });

  describe('subjects', () => {
    it('listSessions: every unexpired session of the subject, revoked ones included', async () => {
      const { store } = await freshStore(db());
      const a = session();
      const b = session({ status: 'revoked', revokedAt: T0 });
      const expired = session({ expiresAt: T0 + HOUR });
      const other = session({ subject: 'user-2' });
      for (const s of [a, b, expired, other]) await store.createSession(s);
      const listed = await store.listSessions('user-1', T0 + HOUR);
      expect(listed.map((s) => s.id).sort()).toEqual([a.id, b.id].sort());
      expect(await store.listSessions('nobody', T0)).toEqual([]);
    });

    it('revokeSession: true once for an active session, false otherwise; expiry unchanged', async () => {
      const { store } = await freshStore(db());
      const s = session();
      await store.createSession(s);
      expect(await store.revokeSession(s.id, T0 + 5)).toBe(true);
      expect(await store.revokeSession(s.id, T0 + 6)).toBe(false);
      expect(await store.getSession(s.id, T0 + 6)).toEqual({
        ...s,
        status: 'revoked',
        revokedAt: T0 + 5,
      });
      expect(await store.revokeSession('unknown', T0)).toBe(false);
      const old = session();
      await store.createSession(old);
      expect(await store.revokeSession(old.id, old.expiresAt)).toBe(false);
    });

    it('revokeSubject revokes every active unexpired session of the subject, and only those', async () => {
      const { store } = await freshStore(db());
      const mine = [session(), session(), session()];
      const revoked = session({ status: 'revoked', revokedAt: T0 - 1 });
      const expired = session({ expiresAt: T0 + 10 });
      const other = session({ subject: 'user-2' });
      for (const s of [...mine, revoked, expired, other]) await store.createSession(s);
      expect(await store.revokeSubject('user-1', T0 + 10)).toBe(3);
      for (const s of mine)
        expect(await store.getSession(s.id, T0 + 10)).toMatchObject({
          status: 'revoked',
          revokedAt: T0 + 10,
        });
      expect((await store.getSession(revoked.id, T0))?.revokedAt).toBe(T0 - 1);
      expect((await store.getSession(other.id, T0))?.status).toBe('active');
      expect(await store.revokeSubject('user-1', T0 + 11)).toBe(0);
    });
  });

  describe('token versions and the jti denylist', () => {
    it('bumpTokenVersion counts from 0, restarts after expiry, and concurrent bumps are distinct', async () => {
      const { store } = await freshStore(db());
      expect(await store.getTokenVersion('user-1', T0)).toBe(0);
      expect(await store.bumpTokenVersion('user-1', T0 + HOUR, T0)).toBe(1);
      expect(await store.bumpTokenVersion('user-1', T0 + HOUR, T0)).toBe(2);
      expect(await store.getTokenVersion('user-1', T0 + HOUR - 1)).toBe(2);
      expect(await store.getTokenVersion('user-1', T0 + HOUR)).toBe(0);
      expect(await store.bumpTokenVersion('user-1', T0 + 2 * HOUR, T0 + HOUR)).toBe(1);
      expect(await store.getTokenVersion('user-1', T0 + 2 * HOUR - 1)).toBe(1);
      const bumps = await Promise.all(
        Array.from({ length: 20 }, () => store.bumpTokenVersion('user-2', T0 + HOUR, T0)),
      );
      expect(bumps.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });

    it('denyJti keeps the later expiry and reads as absent once expired', async () => {
      const { store } = await freshStore(db());
      expect(await store.isJtiDenied('j1', T0)).toBe(false);
      await store.denyJti('j1', T0 + 100, T0);
      await store.denyJti('j1', T0 + 50, T0);
      expect(await store.isJtiDenied('j1', T0 + 99)).toBe(true);
      expect(await store.isJtiDenied('j1', T0 + 100)).toBe(false);
      await store.denyJti('j1', T0 + 200, T0 + 150);
      expect(await store.isJtiDenied('j1', T0 + 199)).toBe(true);
      expect(await store.isJtiDenied('j2', T0)).toBe(false);
    });
  });

  describe('deleteExpired', () => {
    it('physically deletes every record expired at now, and counts them', async () => {
      const { store, schema } = await freshStore(db());
      await store.createSession(session({ expiresAt: T0 + 10 }));
      await store.createSession(session({ expiresAt: T0 + 11 }));
      const live = session();
      await store.createSession(live);
      await store.bumpTokenVersion('user-1', T0 + 10, T0);
      await store.bumpTokenVersion('user-2', T0 + DAY, T0);
      await store.denyJti('gone', T0 + 5, T0);
      await store.denyJti('kept', T0 + DAY, T0);
      expect(await countRows(db(), schema)).toBe(7);
      expect(await store.deleteExpired(T0 + 10)).toBe(3);
      expect(await countRows(db(), schema)).toBe(4);
      expect(await store.deleteExpired(T0 + 11)).toBe(1);
      expect(await store.deleteExpired(T0 + 11)).toBe(0);
      expect(await store.getSession(live.id, T0 + 11)).toEqual(live);
      expect(await store.isJtiDenied('kept', T0 + 11)).toBe(true);
    });
  });

  describe('the fast path without prepared statements', () => {
    /** `db()` with the text of every statement sent recorded. */
    function recording() {
      const texts: string[] = [];
      const spy: Queryable = {
        query: (text: string, values?: unknown[]) => {
          texts.push(text);
          return db().query(text, values);
        },
      };
      return { spy, texts };
    }
    /** The fast path's statements among `texts`: the function's call, or the statement itself. */
    const fastPathTexts = (texts: string[]) =>
      texts.flatMap((text) => {
        if (/rotate_if_current"\(/.test(text)) return ['call'];
        return text.includes('WITH rotated AS') ? ['statement'] : [];
      });

    it("is one call of migration 3's function, which rotates and answers as the statement does", async () => {
      // With a table prefix: the function carries it, like the tables.
      const schema = freshSchema('fn');
      await migrate(db(), { schema, tablePrefix: 'tw_' });
      const { spy, texts } = recording();
      const store = new PostgresStore(spy, {
        schema,
        tablePrefix: 'tw_',
        preparedStatements: false,
      });
      const s = session();
      await store.createSession(s);
      texts.length = 0;
      const rotated = await rotateFirstToken(store, s, 'hash-1', T0 + HOUR);
      expect(rotated).toMatchObject({ ok: true, tokenVersion: 0 });
      expect(rotated.session).toMatchObject({ generation: 1, secretHash: 'hash-1' });
      // A stale presentation: nothing rotates, and the record comes back.
      const stale = await rotateFirstToken(store, s, 'hash-2', T0 + HOUR + 1);
      expect(stale).toEqual({ ok: false, session: rotated.session });
      expect(fastPathTexts(texts)).toEqual(['call', 'call']);
    });

    it('on a schema before version 3 (no function) falls back to the statement, once for all', async () => {
      const schema = freshSchema('nofn');
      await migrate(db(), { schema });
      await db().query(`DROP FUNCTION "${schema}".rotate_if_current`);
      const { spy, texts } = recording();
      const store = new PostgresStore(spy, { schema, preparedStatements: false });
      const s = session();
      await store.createSession(s);
      texts.length = 0;
      expect(await rotateFirstToken(store, s, 'hash-1', T0 + HOUR)).toMatchObject({ ok: true });
      expect(await store.getSession(s.id, T0 + HOUR)).toMatchObject({ generation: 1 });
      const second = { ...s, secretHash: 'hash-1' };
      expect(
        await store.rotateIfCurrent({
          sessionId: s.id,
          generation: 1,
          presentedHash: second.secretHash,
          secretHash: 'hash-2',
          rotatedAt: T0 + HOUR + 1,
          idleExpiresAt: T0 + DAY,
        }),
      ).toMatchObject({ ok: true, session: { generation: 2 } });
      expect(fastPathTexts(texts.filter((t) => !t.startsWith('SELECT json_build_array')))).toEqual([
        'call',
        'statement',
        'statement',
      ]);
    });

    it("the function's body is the statement, as migration 3 wrote it (a change needs a new migration)", async () => {
      // A database keeps the body it was migrated with. If this fails, the
      // fast path's SQL changed: add a migration that replaces the function
      // (CREATE OR REPLACE FUNCTION), then update the hash here.
      const text = rotateIfCurrentStatement(tableNames({ schema: 'tokenwarden' }));
      expect(createHash('sha256').update(text).digest('hex').slice(0, 16)).toBe('1afa3bdc9a945fb4');
      const schema = freshSchema('body');
      await migrate(db(), { schema });
      const { rows } = await db().query(
        `SELECT prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = $1 AND p.proname = 'rotate_if_current'`,
        [schema],
      );
      const body = (rows[0] as { prosrc: string }).prosrc;
      expect(body).toContain(rotateIfCurrentStatement(tableNames({ schema })));
    });
  });

  describe('migrate', () => {
    it('a second migrate changes nothing', async () => {
      const schema = freshSchema('m');
      expect(await migrate(db(), { schema })).toBe(3);
      const before = await catalog(db(), schema);
      expect(await migrate(db(), { schema })).toBe(3);
      expect(await catalog(db(), schema)).toEqual(before);
      expect(before.migrations).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
    });

    it('a database at version 1 with live sessions upgrades in place: its sessions keep working and read as authenticated at login', async () => {
      const schema = freshSchema('v1');
      await migrateToVersion1(db(), schema);
      const v1 = session();
      const { authTime: _a, amr: _m, ...v1Record } = v1;
      await db().query(
        `INSERT INTO "${schema}".sessions (id, subject, status, created_at, last_used_at, idle_expires_at,
           absolute_expires_at, generation, secret_hash, rotated_at, grace_replays, revoked_at, device, expires_at)
         VALUES ($1, $2, 'active', $3, $3, $4, $5, 0, 'hash-0', NULL, 0, NULL, $6, $7)`,
        [
          v1.id,
          v1.subject,
          T0,
          v1.idleExpiresAt,
          v1.absoluteExpiresAt,
          JSON.stringify(v1.device),
          v1.expiresAt,
        ],
      );
      expect(await migrate(db(), { schema })).toBe(3);
      expect((await catalog(db(), schema)).migrations).toEqual([
        { version: 1 },
        { version: 2 },
        { version: 3 },
      ]);
      const store = new PostgresStore(db(), { schema });
      const read = await store.getSession(v1.id, T0 + 1);
      expect(read).toEqual(v1Record);
      expect(read).not.toHaveProperty('authTime');
      const rotated = await store.rotate({
        sessionId: v1.id,
        generation: 0,
        secretHash: 'hash-1',
        rotatedAt: T0 + 2,
        idleExpiresAt: T0 + DAY,
      });
      expect(rotated).toMatchObject({ ok: true, session: { generation: 1 } });
      expect(
        await store.setAuthentication(v1.id, { authTime: T0 + 3, amr: ['otp'] }, T0 + 3),
      ).toMatchObject({ generation: 1, authTime: T0 + 3, amr: ['otp'], device: v1.device });
    });

    it('custom schema and table prefix: the tables sit there, and stores on other names do not meet', async () => {
      const schema = freshSchema('c');
      await migrate(db(), { schema, tablePrefix: 'tw_' });
      await migrate(db(), { schema, tablePrefix: 'other_' });
      const { rows } = await db().query(
        `SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename`,
        [schema],
      );
      expect(rows.map((r) => (r as { tablename: string }).tablename)).toEqual([
        'other_jti_denylist',
        'other_migrations',
        'other_sessions',
        'other_token_versions',
        'tw_jti_denylist',
        'tw_migrations',
        'tw_sessions',
        'tw_token_versions',
      ]);
      const a = new PostgresStore(db(), { schema, tablePrefix: 'tw_' });
      const b = new PostgresStore(db(), { schema, tablePrefix: 'other_' });
      const s = session();
      await a.createSession(s);
      expect(await a.getSession(s.id, T0)).toEqual(s);
      expect(await b.getSession(s.id, T0)).toBeNull();
    });
  });
}

// The schema exactly as release 1 of the migrations left it.
async function migrateToVersion1(db: Queryable, schema: string): Promise<void> {
  const names = tableNames({ schema });
  const first = MIGRATIONS.find((m) => m.version === 1)!;
  await db.query(`CREATE SCHEMA "${schema}"`);
  await db.query(
    `CREATE TABLE ${names.migrations} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
  );
  for (const statement of first.statements(names)) await db.query(statement);
  await db.query(`INSERT INTO ${names.migrations} (version, name) VALUES (1, $1)`, [first.name]);
}

/** What a migration could change: the tables (by oid), their indexes, the recorded versions. */
async function catalog(db: Queryable, schema: string) {
  const tables = await db.query(
    `SELECT c.oid::text AS oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 ORDER BY c.relname`,
    [schema],
  );
  const migrations = await db.query(
    `SELECT version, applied_at::text AS applied_at FROM "${schema}".migrations ORDER BY version`,
  );
  return {
    relations: tables.rows,
    applied: migrations.rows,
    migrations: migrations.rows.map((r) => ({
      version: Number((r as { version: number }).version),
    })),
  };
}
