/**
 * `RedisStore`: the {@link TokenStore} for Redis (and Valkey), standalone or
 * Cluster, through the app's node-redis or ioredis client. Each atomic method
 * is one Lua script on one hash slot, with the keys it touches in KEYS (one
 * round trip; two for the methods over a subject's index, which read it
 * first); every key expires by itself (`PEXPIREAT`); every call has a
 * deadline and fails closed.
 * @module
 */
import { type CommandAdapter, commandAdapter, runScript } from './command-adapter.js';
import {
  type AuthenticationUpdate,
  type GraceClaimInput,
  type GraceClaimResult,
  type RotateIfCurrentInput,
  type RotateIfCurrentResult,
  type RotateInput,
  type RotateResult,
  type SessionRecord,
  subjectTag,
  type TokenStore,
} from '../../session/store.js';
import { type StillLive, withDeadline } from '../deadline.js';
import { type KeyLayout, keyLayout, sessionTag } from './keys.js';
import {
  BUMP_TOKEN_VERSION,
  CLAIM_GRACE_REPLAY,
  CREATE_SESSION,
  DENY_JTI,
  LIST_SESSIONS,
  REVOKE_SESSION,
  REVOKE_SUBJECT,
  ROTATE,
  ROTATE_IF_CURRENT,
  type Script,
  SET_AUTHENTICATION,
} from './scripts.js';
import { decodeSession, encodeSession, FIELDS, hashFields } from './session-codec.js';
import type { RedisStoreOptions } from './types.js';

const DEFAULT_PREFIX = 'tw:';
const DEFAULT_TIMEOUT_MS = 2000;
/**
 * Reads of a subject's index before its script gives up. Each retry means a
 * session of that subject was created in the few hundred microseconds
 * between the read and the script; five in a row means a flood, and failing
 * closed (`STORE_UNAVAILABLE`) is better than revoking a partial set.
 */
const INDEX_ATTEMPTS = 5;

/**
 * A `TokenStore` on Redis, shared by every instance of the app. Pass a
 * connected client; the app owns its connection. Keys of one subject share a
 * hash tag, so it runs unchanged on a Redis Cluster.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import { createAuth } from 'tokenwarden';
 * import { RedisStore } from 'tokenwarden/redis';
 *
 * const client = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true })
 *   .on('error', (error) => console.error(error))
 *   .connect();
 * const auth = createAuth({ keys, store: new RedisStore({ client }) });
 * ```
 */
export class RedisStore implements TokenStore {
  readonly #redis: CommandAdapter;
  readonly #keys: KeyLayout;
  readonly #timeout: number;

  constructor(options: RedisStoreOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError('tokenwarden/redis: RedisStore needs an options object');
    }
    this.#redis = commandAdapter(options.client);
    this.#keys = keyLayout(checkPrefix(options.prefix ?? DEFAULT_PREFIX));
    this.#timeout = checkTimeout(options.timeout ?? DEFAULT_TIMEOUT_MS);
  }

  async createSession(session: SessionRecord): Promise<void> {
    const tag = subjectTag(session.subject);
    if (sessionTag(session.id) !== tag) {
      // Contract duty 4: the id carries its subject's tag, or the session and
      // its subject's index would sit in different slots.
      throw new TypeError(
        `tokenwarden/redis: a session id must start with its subject's tag (${tag})`,
      );
    }
    await this.#script(
      CREATE_SESSION,
      [this.#keys.session(session.id), this.#keys.subjectIndex(session.subject)],
      [
        session.id,
        pexpireAt(session.expiresAt),
        String(session.createdAt),
        ...encodeSession(session),
      ],
    );
  }

  async getSession(sessionId: string, now: number): Promise<SessionRecord | null> {
    const key = this.#keys.session(sessionId);
    const reply = await this.#call('getSession', () => this.#redis.hmget(key, [...FIELDS]));
    return live(decodeSession(sessionId, hashFields(reply)), now);
  }

  async rotate(input: RotateInput): Promise<RotateResult> {
    const reply = await this.#script(
      ROTATE,
      [this.#keys.session(input.sessionId)],
      [
        String(input.generation),
        input.secretHash,
        String(input.rotatedAt),
        String(input.idleExpiresAt),
      ],
    );
    const [outcome, fields] = reply as [string, unknown];
    const session = decodeSession(input.sessionId, hashFields(fields));
    if (outcome === 'not_found' || session === null) return { ok: false, reason: 'not_found' };
    if (outcome === 'ok') return { ok: true, session };
    return { ok: false, reason: outcome === 'revoked' ? 'revoked' : 'superseded', session };
  }

  /** The refresh fast path in one script (see `TokenStore.rotateIfCurrent`). */
  async rotateIfCurrent(input: RotateIfCurrentInput): Promise<RotateIfCurrentResult> {
    const reply = await this.#script(
      ROTATE_IF_CURRENT,
      [this.#keys.session(input.sessionId)],
      [
        String(input.generation),
        input.secretHash,
        String(input.rotatedAt),
        String(input.idleExpiresAt),
        input.presentedHash,
        this.#keys.tokenVersionPrefix(sessionTag(input.sessionId)),
      ],
    );
    const [outcome, version, fields] = reply as [string, unknown, unknown];
    const session = decodeSession(input.sessionId, hashFields(fields));
    if (outcome === 'ok' && session !== null) {
      return { ok: true, session, tokenVersion: Number(version) };
    }
    return { ok: false, session };
  }

  async claimGraceReplay(input: GraceClaimInput, now: number): Promise<GraceClaimResult> {
    const reply = await this.#script(
      CLAIM_GRACE_REPLAY,
      [this.#keys.session(input.sessionId)],
      [String(input.generation), String(input.maxReplays), String(now)],
    );
    const [outcome, fields] = reply as [string, unknown];
    const session = decodeSession(input.sessionId, hashFields(fields));
    if (outcome === 'ok' && session !== null) {
      return { ok: true, replays: session.graceReplays, session };
    }
    return { ok: false, reason: claimFailure(outcome) };
  }

  async setAuthentication(
    sessionId: string,
    update: AuthenticationUpdate,
    now: number,
  ): Promise<SessionRecord | null> {
    const reply = await this.#script(
      SET_AUTHENTICATION,
      [this.#keys.session(sessionId)],
      [
        String(now),
        String(update.authTime),
        JSON.stringify(update.amr),
        ...deviceArgs(update.device),
      ],
    );
    const [outcome, fields] = reply as [string, unknown];
    if (outcome !== 'ok') return null;
    return live(decodeSession(sessionId, hashFields(fields)), now);
  }

  async listSessions(subject: string, now: number): Promise<SessionRecord[]> {
    const reply = await this.#overIndex(LIST_SESSIONS, subject, now);
    const sessions: SessionRecord[] = [];
    for (let i = 0; i + 1 < reply.length; i += 2) {
      const session = live(decodeSession(String(reply[i]), hashFields(reply[i + 1])), now);
      if (session?.subject === subject) sessions.push(session);
    }
    return sessions;
  }

  async revokeSession(sessionId: string, at: number): Promise<boolean> {
    const reply = await this.#script(REVOKE_SESSION, [this.#keys.session(sessionId)], [String(at)]);
    return Number(reply) === 1;
  }

  async revokeSubject(subject: string, at: number): Promise<number> {
    const [revoked] = await this.#overIndex(REVOKE_SUBJECT, subject, at);
    return Number(revoked);
  }

  async getTokenVersion(subject: string, now: number): Promise<number> {
    const key = this.#keys.tokenVersion(subject);
    const reply = await this.#call('getTokenVersion', () => this.#redis.hmget(key, ['v', 'e']));
    const [version, expiresAt] = reply as [string | null, string | null];
    if (version === null || expiresAt === null || Number(expiresAt) <= now) return 0;
    return Number(version);
  }

  async bumpTokenVersion(subject: string, expiresAt: number, now: number): Promise<number> {
    const reply = await this.#script(
      BUMP_TOKEN_VERSION,
      [this.#keys.tokenVersion(subject)],
      [pexpireAt(expiresAt), String(now)],
    );
    return Number(reply);
  }

  async denyJti(jti: string, expiresAt: number, now: number): Promise<void> {
    await this.#script(DENY_JTI, [this.#keys.jti(jti)], [pexpireAt(expiresAt), String(now)]);
  }

  async isJtiDenied(jti: string, now: number): Promise<boolean> {
    const key = this.#keys.jti(jti);
    const reply = await this.#call('isJtiDenied', () => this.#redis.get(key));
    return reply !== null && Number(reply) > now;
  }

  /**
   * Always 0: every key carries a `PEXPIREAT` TTL and Redis deletes it
   * itself, so there is nothing to sweep (and no `SCAN` on a request path).
   */
  async deleteExpired(_now: number): Promise<number> {
    return 0;
  }

  #script(script: Script, keys: string[], args: string[]): Promise<unknown> {
    return this.#call(script.name, (stillLive) =>
      runScript(this.#redis, script, keys, args, stillLive),
    );
  }

  /**
   * Runs a script over every session of `subject` with each key it touches
   * declared in KEYS: reads the index, then runs the script on the index and
   * those sessions' keys (see `INDEX_UNCHANGED` in scripts.ts), again while
   * it answers `retry`, at most `INDEX_ATTEMPTS` times, all within the one
   * deadline. Returns the script's reply after its `ok`.
   */
  #overIndex(script: Script, subject: string, now: number): Promise<unknown[]> {
    const index = this.#keys.subjectIndex(subject);
    // The index's own tag, not each id's: every key stays in the index's slot.
    const sessionPrefix = this.#keys.sessionPrefix(subjectTag(subject));
    return this.#call(script.name, async (stillLive) => {
      for (let attempt = 0; attempt < INDEX_ATTEMPTS && stillLive(); attempt++) {
        const ids = ((await this.#redis.zrangeAll(index)) as unknown[]).map(String);
        const keys = [index, ...ids.map((id) => sessionPrefix + id)];
        const reply = (await runScript(
          this.#redis,
          script,
          keys,
          [String(now), ...ids],
          stillLive,
        )) as unknown[];
        if (reply[0] === 'ok') return reply.slice(1);
      }
      throw new Error(
        `tokenwarden/redis: ${script.name}: the subject's sessions kept changing over ${INDEX_ATTEMPTS} reads`,
      );
    });
  }

  #call<T>(what: string, call: (live: StillLive) => Promise<T>): Promise<T> {
    const ms = this.#timeout;
    return withDeadline(
      ms,
      () => new Error(`tokenwarden/redis: ${what} got no answer within ${ms} ms`),
      call,
    );
  }
}

/** `session` unless it expired at `now` (its TTL may not have fired yet). */
function live(session: SessionRecord | null, now: number): SessionRecord | null {
  return session !== null && now < session.expiresAt ? session : null;
}

// The SET_AUTHENTICATION script's device mode and value.
function deviceArgs(device: AuthenticationUpdate['device']): string[] {
  if (device === undefined) return ['k', ''];
  if (device === null) return ['n', ''];
  return ['s', JSON.stringify(device)];
}

function claimFailure(outcome: string): 'not_found' | 'revoked' | 'superseded' | 'cap_exceeded' {
  switch (outcome) {
    case 'revoked':
    case 'superseded':
    case 'cap_exceeded':
      return outcome;
    default:
      return 'not_found';
  }
}

/** `PEXPIREAT` takes whole milliseconds: round up, so a key never outlives less than its record. */
function pexpireAt(expiresAt: number): string {
  return String(Math.ceil(expiresAt));
}

function checkPrefix(prefix: unknown): string {
  if (typeof prefix !== 'string' || /[{}]/.test(prefix)) {
    throw new TypeError(
      'tokenwarden/redis: prefix must be a string without { or } (the store places the hash tags)',
    );
  }
  return prefix;
}

function checkTimeout(timeout: unknown): number {
  if (typeof timeout !== 'number' || !Number.isFinite(timeout) || timeout <= 0) {
    throw new TypeError('tokenwarden/redis: timeout must be a positive number of milliseconds');
  }
  return timeout;
}
