/**
 * Two properties of RedisStore's scripts, on a real server: every key a script
 * touches is declared in KEYS (Redis's scripting contract; Redis 7.0 itself
 * only checks the slot, so the test adds the check), and a session created
 * between the read of a subject's index and the script over it is never left
 * out of `revokeSubject`.
 *
 * The store gets the app's real client wrapped in a plain object of the same
 * shape: `EVALSHA` becomes `EVAL` of the script with every `redis.call` going
 * through a Lua check that its key is in KEYS (an undeclared key raises), and
 * the index read can run a hook before it answers.
 */
import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../src/session/store.js';
import { RedisStore } from '../../src/stores/redis/index.js';
import * as scripts from '../../src/stores/redis/scripts.js';
import type { Script } from '../../src/stores/redis/scripts.js';
import type { IoRedisClient, NodeRedisClient } from '../../src/stores/redis/types.js';
import { fastRotation, rotation } from '../../src/testing/records.js';
import { newSubject, sessionRecord, type TestClient } from './redis-harness.js';

const BY_SHA = new Map<string, Script>(
  Object.values(scripts)
    .filter((value): value is Script => typeof value === 'object' && value !== null)
    .map((script) => [script.sha, script]),
);

/**
 * The one documented exception (scripts.ts, ROTATE_IF_CURRENT): the token
 * version key, under the prefix in ARGV[6], which carries KEYS[1]'s hash tag.
 */
const UNDECLARED_PREFIX_ARG: Record<string, number> = { rotateIfCurrent: 6 };

/** `source` with every `redis.call` going through a check that its key is in KEYS. */
export function checkedSource(source: string, prefixArg = 0): string {
  return `
local declared = {}
for _, k in ipairs(KEYS) do declared[k] = true end
local allowed = ARGV[${prefixArg}]
local function checked(command, key, ...)
  local exception = allowed and string.sub(key, 1, #allowed) == allowed
    and string.sub(allowed, 1, string.find(allowed, '}', 1, true)) == string.sub(KEYS[1], 1, string.find(KEYS[1], '}', 1, true))
  if not declared[key] and not exception then error('UNDECLARED ' .. command .. ' ' .. tostring(key)) end
  return redis.call(command, key, ...)
end
${source.replaceAll('redis.call(', 'checked(')}`;
}

interface Wrapped {
  client: NodeRedisClient | IoRedisClient;
  /** The names of the scripts the store ran. */
  readonly ran: Set<string>;
  /** Runs after each index read, before its answer reaches the store. */
  afterIndexRead?: () => Promise<void>;
  indexReads: number;
}

function wrap(real: TestClient['client']): Wrapped {
  const wrapped: Wrapped = { client: undefined as never, ran: new Set(), indexReads: 0 };
  const source = (sha: string) => {
    const script = BY_SHA.get(sha);
    if (script === undefined) throw new Error(`unknown script ${sha}`);
    wrapped.ran.add(script.name);
    return checkedSource(script.source, UNDECLARED_PREFIX_ARG[script.name]);
  };
  const afterRead = async <T>(reply: T): Promise<T> => {
    wrapped.indexReads++;
    await wrapped.afterIndexRead?.();
    return reply;
  };
  if ('evalSha' in real) {
    wrapped.client = {
      evalSha: (sha, options) => real.eval(source(sha), options),
      eval: (script, options) => real.eval(checkedSource(script), options),
      hmGet: (key, fields) => real.hmGet(key, fields),
      get: (key) => real.get(key),
      zRange: async (key, min, max) => afterRead(await real.zRange(key, min, max)),
    } satisfies NodeRedisClient;
  } else {
    wrapped.client = {
      evalsha: (sha, numkeys, ...rest) => real.eval(source(sha), numkeys, ...rest),
      eval: (script, numkeys, ...rest) => real.eval(checkedSource(script), numkeys, ...rest),
      hmget: (key, ...fields) => real.hmget(key, ...fields),
      get: (key) => real.get(key),
      zrange: async (key, start, stop) => afterRead(await real.zrange(key, start, stop)),
    } satisfies IoRedisClient;
  }
  return wrapped;
}

async function evalRaw(client: TestClient['client'], source: string, keys: string[]) {
  return 'evalSha' in client
    ? client.eval(source, { keys, arguments: [] })
    : client.eval(source, keys.length, ...keys);
}

/** The suite, on `client()` (standalone or Cluster). */
export function describeDeclaredKeys(name: string, client: () => TestClient): void {
  describe(`${name}: every key a script touches is declared`, () => {
    it('the check refuses a script touching a key outside KEYS (it can fail)', async () => {
      const tag = `{${newSubject()}}`;
      const undeclared = checkedSource(`return redis.call('GET', KEYS[1] .. 'x')`);
      await expect(evalRaw(client().client, undeclared, [`tw:${tag}a`])).rejects.toThrow(
        /UNDECLARED GET/,
      );
    });

    it('every script of the store declares its keys, over the whole TokenStore surface', async () => {
      const wrapped = wrap(client().client);
      const store = new RedisStore({ client: wrapped.client });
      const now = Date.now();
      const first = sessionRecord(now);
      const second = sessionRecord(now, { subject: first.subject });
      await store.createSession(first);
      await store.createSession(second);
      await store.bumpTokenVersion(first.subject, now + 60_000, now);
      expect((await store.rotate(rotation(first, now + 1))).ok).toBe(true);
      const fast = await store.rotateIfCurrent(fastRotation(second, now + 2));
      expect(fast).toMatchObject({ ok: true, tokenVersion: 1 });
      const claim = { sessionId: second.id, generation: 1, maxReplays: 2 };
      expect((await store.claimGraceReplay(claim, now + 3)).ok).toBe(true);
      const update = { authTime: now + 4, amr: ['pwd'] };
      expect(await store.setAuthentication(first.id, update, now + 4)).not.toBeNull();
      expect(await store.listSessions(first.subject, now + 5)).toHaveLength(2);
      expect(await store.revokeSession(first.id, now + 6)).toBe(true);
      expect(await store.revokeSubject(first.subject, now + 7)).toBe(1);
      await store.denyJti('jti-declared', now + 60_000, now);
      expect([...wrapped.ran].sort()).toEqual([...BY_SHA.values()].map((s) => s.name).sort());
    });
  });

  describe(`${name}: a session created while revokeSubject reads the index`, () => {
    /** A store whose index reads a test can interleave with, a plain one, and two sessions of one subject. */
    async function raceFixture() {
      const wrapped = wrap(client().client);
      const store = new RedisStore({ client: wrapped.client });
      const plain = new RedisStore({ client: client().client });
      const now = Date.now();
      const first = sessionRecord(now);
      const late = sessionRecord(now, { subject: first.subject });
      await plain.createSession(first);
      /** Creates `late` after the first index read only. */
      const createLateOnce = () => {
        wrapped.afterIndexRead = async () => {
          wrapped.afterIndexRead = undefined;
          await plain.createSession(late);
        };
      };
      return { wrapped, store, plain, now, first, late, createLateOnce };
    }

    it('is in the set the script checks: the store reads again, and none survives', async () => {
      const { wrapped, store, plain, now, first, late, createLateOnce } = await raceFixture();
      createLateOnce();
      expect(await store.revokeSubject(first.subject, now + 1)).toBe(2);
      expect(wrapped.indexReads).toBe(2);
      for (const record of [first, late]) {
        expect((await plain.getSession(record.id, now + 2))?.status).toBe('revoked');
      }
    });

    it('sessions created on every read: fails after 5 reads and revokes nothing', async () => {
      const { wrapped, store, plain, now, first } = await raceFixture();
      const created: SessionRecord[] = [first];
      wrapped.afterIndexRead = async () => {
        const next = sessionRecord(now, { subject: first.subject });
        created.push(next);
        await plain.createSession(next);
      };
      await expect(store.revokeSubject(first.subject, now + 1)).rejects.toThrow(
        /kept changing over 5 reads/,
      );
      expect(wrapped.indexReads).toBe(5);
      for (const record of created) {
        expect((await plain.getSession(record.id, now + 2))?.status).toBe('active');
      }
    });

    it('listSessions reads again too, and lists the late session', async () => {
      const { wrapped, store, now, first, late, createLateOnce } = await raceFixture();
      createLateOnce();
      const listed = await store.listSessions(first.subject, now + 1);
      expect(listed.map(({ id }) => id).sort()).toEqual([first.id, late.id].sort());
      expect(wrapped.indexReads).toBe(2);
    });

    it('racing createSession calls: no session created before revokeSubject began survives it', async () => {
      const store = new RedisStore({ client: client().client });
      const now = Date.now();
      const subject = newSubject();
      const records = Array.from({ length: 60 }, () => sessionRecord(now, { subject }));
      const done = new Set<string>();
      let before = new Set<string>();
      let revoking: Promise<number> | undefined;
      await Promise.all(
        records.map(async (record) => {
          await store.createSession(record);
          done.add(record.id);
          if (done.size === 20) {
            before = new Set(done);
            revoking = store.revokeSubject(subject, now + 1);
          }
        }),
      );
      const revoked = await revoking!;
      expect(before.size).toBe(20);
      expect(revoked).toBeGreaterThanOrEqual(before.size);
      let active = 0;
      for (const record of records) {
        const status = (await store.getSession(record.id, now + 2))?.status;
        if (before.has(record.id)) expect(status).toBe('revoked');
        if (status === 'active') active++;
      }
      // What the script revoked and what stayed active are the whole subject.
      expect(revoked + active).toBe(records.length);
    });
  });
}
