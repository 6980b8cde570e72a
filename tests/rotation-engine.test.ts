import { describe, expect, it } from 'vitest';
import {
  AuthError,
  type AuthErrorCode,
  type AuthEvent,
  createIssuer,
  createKeySet,
  createRotationEngine,
  MemoryStore,
  type RotationEngine,
  type RotationEngineOptions,
  subjectTag,
} from '../src/index.js';
import { buildEngine, resolveEngineOptions } from '../src/session/rotation-engine.js';
import { DAY, ROTATING_METHODS, SECOND, setup, tokenParts } from './helpers/rotation.js';

async function rejection(promise: Promise<unknown>): Promise<AuthError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(AuthError);
    return err as AuthError;
  }
  throw new Error('expected a rejection');
}

async function expectCode(promise: Promise<unknown>, code: AuthErrorCode): Promise<AuthError> {
  const err = await rejection(promise);
  expect(err.code).toBe(code);
  return err;
}

describe('login', () => {
  it('starts a session with a <sessionId>.0.<secret> token (subject tag + 128 bits, 256-bit secret) and the default lifetimes', async () => {
    const { engine, events, time } = setup({ rotationKey: undefined });
    const grant = await engine.login({ subject: 'alice', context: { userAgent: 'UA' } });
    expect(grant.refreshToken).toMatch(/^[0-9a-f]{8}[A-Za-z0-9_-]{22}\.0\.[A-Za-z0-9_-]{43}$/);
    expect(grant.refreshToken.startsWith(`${grant.sessionId}.0.`)).toBe(true);
    expect(grant.sessionId.slice(0, 8)).toBe(subjectTag('alice'));
    expect(grant).toMatchObject({ subject: 'alice', generation: 0, device: { userAgent: 'UA' } });
    expect(grant.expiresAt).toBe(time.now + 7 * DAY);
    expect(grant.expiresIn).toBe(7 * 86_400);
    expect(grant.absoluteExpiresAt).toBe(time.now + 30 * DAY);
    expect(events).toEqual([
      {
        type: 'login',
        subject: 'alice',
        sessionId: grant.sessionId,
        familyId: grant.sessionId,
        context: { userAgent: 'UA' },
        at: time.now,
      },
    ]);
    const other = await engine.login({ subject: 'alice' });
    expect(other.refreshToken).not.toBe(grant.refreshToken);
    expect(other.sessionId).not.toBe(grant.sessionId);
  });

  it('refuses an empty subject as a programming error', async () => {
    const { engine } = setup();
    await expect(engine.login({ subject: '' })).rejects.toThrow(TypeError);
  });
});

describe('refresh: rotation', () => {
  it('rotates to a new token, advancing the generation and sliding the idle expiry', async () => {
    const { engine, events, advance, time } = setup();
    const first = await engine.login({ subject: 'alice' });
    advance(DAY);
    const second = await engine.refresh(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second).toMatchObject({ sessionId: first.sessionId, subject: 'alice', generation: 1 });
    expect(second.expiresAt).toBe(time.now + 7 * DAY);
    expect(events.at(-1)).toMatchObject({
      type: 'refresh',
      subject: 'alice',
      sessionId: first.sessionId,
      generation: 1,
    });
    const third = await engine.refresh(second.refreshToken);
    expect(third.generation).toBe(2);
  });

  it('a replay after the grace window revokes the family and the current token dies with it', async () => {
    const { engine, events, advance } = setup();
    const first = await engine.login({ subject: 'alice' });
    const second = await engine.refresh(first.refreshToken);
    advance(5 * SECOND);
    await expectCode(engine.refresh(first.refreshToken), 'REFRESH_TOKEN_REUSED');
    expect(events.at(-1)).toMatchObject({
      type: 'refresh.reuse_detected',
      subject: 'alice',
      sessionId: first.sessionId,
      reason: 'outside_grace_window',
      scope: 'family',
      revokedFamilies: 1,
    });
    await expectCode(engine.refresh(second.refreshToken), 'SESSION_REVOKED');
    expect(await engine.isSessionActive(first.sessionId)).toBe(false);
  });

  it('onReuse "subject" revokes every family of the subject and bumps its token version', async () => {
    const { engine, events, advance } = setup({ onReuse: 'subject' });
    const phone = await engine.login({ subject: 'alice' });
    const laptop = await engine.login({ subject: 'alice' });
    const bob = await engine.login({ subject: 'bob' });
    await engine.refresh(phone.refreshToken);
    advance(10 * SECOND);
    await expectCode(engine.refresh(phone.refreshToken), 'REFRESH_TOKEN_REUSED');
    expect(events.at(-1)).toMatchObject({
      type: 'refresh.reuse_detected',
      scope: 'subject',
      revokedFamilies: 2,
    });
    await expectCode(engine.refresh(laptop.refreshToken), 'SESSION_REVOKED');
    expect(await engine.getTokenVersion('alice')).toBe(1);
    expect((await engine.refresh(bob.refreshToken)).subject).toBe('bob');
  });
});

describe('refresh: grace window', () => {
  it('a replay of the immediate parent inside the window gets the same successor', async () => {
    const { engine, events, advance } = setup();
    const first = await engine.login({ subject: 'alice' });
    const second = await engine.refresh(first.refreshToken);
    advance(5 * SECOND - 1);
    const replay = await engine.refresh(first.refreshToken);
    expect(replay.refreshToken).toBe(second.refreshToken);
    expect(replay.generation).toBe(1);
    expect(events.at(-1)).toMatchObject({
      type: 'refresh.grace_replay',
      reason: 'replay_within_grace',
    });
    expect((await engine.refresh(second.refreshToken)).generation).toBe(2);
  });

  it('the window is measured from the rotation and closes exactly at reuseGrace', async () => {
    const { engine, advance } = setup({ reuseGrace: 2 });
    const first = await engine.login({ subject: 'alice' });
    advance(60 * SECOND);
    await engine.refresh(first.refreshToken);
    advance(2 * SECOND);
    await expectCode(engine.refresh(first.refreshToken), 'REFRESH_TOKEN_REUSED');
  });

  it('reuseGrace 0 disables the window: even an immediate replay is reuse', async () => {
    const { engine, events } = setup({ reuseGrace: 0 });
    const first = await engine.login({ subject: 'alice' });
    await engine.refresh(first.refreshToken);
    await expectCode(engine.refresh(first.refreshToken), 'REFRESH_TOKEN_REUSED');
    expect(events.at(-1)).toMatchObject({
      type: 'refresh.reuse_detected',
      reason: 'grace_disabled',
    });
  });

  it('an older generation never qualifies, even inside the window', async () => {
    const { engine, events } = setup();
    const first = await engine.login({ subject: 'alice' });
    const second = await engine.refresh(first.refreshToken);
    const third = await engine.refresh(second.refreshToken);
    await expectCode(engine.refresh(first.refreshToken), 'REFRESH_TOKEN_REUSED');
    expect(events.at(-1)).toMatchObject({
      type: 'refresh.reuse_detected',
      reason: 'older_generation',
    });
    await expectCode(engine.refresh(third.refreshToken), 'SESSION_REVOKED');
  });

  it.each([
    ['the regular path', false],
    ['the fast path', true],
  ])(
    'an older generation that raced the rotation (lost the CAS) is still reuse, on %s',
    async (_, fastPath) => {
      const { engine, state, events } = setup({}, { fastPath });
      const first = await engine.login({ subject: 'alice' });
      // Hold the slow request's rotation while the fast one rotates twice.
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let holdNext = true;
      state.hook = (method) => {
        if (!ROTATING_METHODS.includes(method) || !holdNext) return undefined;
        holdNext = false;
        return held;
      };
      const slow = engine.refresh(first.refreshToken);
      await new Promise((resolve) => setTimeout(resolve, 10));
      const second = await engine.refresh(first.refreshToken);
      await engine.refresh(second.refreshToken);
      release();
      await expectCode(slow, 'REFRESH_TOKEN_REUSED');
      expect(events.at(-1)).toMatchObject({
        type: 'refresh.reuse_detected',
        reason: 'older_generation',
      });
    },
  );

  it('replays inside the window are capped by maxGraceReplays, and over the cap refused without revoking', async () => {
    const { engine, events } = setup({ maxGraceReplays: 2 });
    const first = await engine.login({ subject: 'alice' });
    const second = await engine.refresh(first.refreshToken);
    expect((await engine.refresh(first.refreshToken)).refreshToken).toBe(second.refreshToken);
    expect((await engine.refresh(first.refreshToken)).refreshToken).toBe(second.refreshToken);
    const err = await expectCode(engine.refresh(first.refreshToken), 'RATE_LIMITED');
    expect(err.status).toBe(429);
    expect(err.retryAfter).toBe(1);
    expect(events.at(-1)).toMatchObject({
      type: 'refresh.failed',
      reason: 'grace_cap_exceeded',
      subject: 'alice',
      sessionId: first.sessionId,
    });
    expect(events.some((e) => e.type === 'refresh.reuse_detected')).toBe(false);
    expect((await engine.refresh(second.refreshToken)).generation).toBe(2);
  });

  it('100 concurrent refreshes of one token all get the same successor, with one rotation and nobody logged out (regular path: the CAS losers are not counted as replays)', async () => {
    const { engine, calls, events, memory } = setup({ maxGraceReplays: 0 }, { fastPath: false });
    const first = await engine.login({ subject: 'alice' });
    const results = await Promise.all(
      Array.from({ length: 100 }, () => engine.refresh(first.refreshToken)),
    );
    expect(new Set(results.map((r) => r.refreshToken)).size).toBe(1);
    expect(events.filter((e) => e.type === 'refresh')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'refresh.grace_replay')).toHaveLength(99);
    expect(events.some((e) => e.type === 'refresh.reuse_detected')).toBe(false);
    expect((await memory.getSession(first.sessionId))?.generation).toBe(1);
    expect(calls.filter((c) => c.method === 'rotate')).toHaveLength(100);
    expect((await engine.refresh(results[0]!.refreshToken)).generation).toBe(2);
  });

  it('100 concurrent refreshes of one token on the fast path: one rotation in one store call, the 99 others raced it and are served without counting as replays', async () => {
    const { engine, calls, events, memory } = setup({ maxGraceReplays: 0 });
    const first = await engine.login({ subject: 'alice' });
    calls.length = 0;
    const results = await Promise.all(
      Array.from({ length: 100 }, () => engine.refresh(first.refreshToken)),
    );
    expect(new Set(results.map((r) => r.refreshToken)).size).toBe(1);
    expect(events.filter((e) => e.type === 'refresh')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'refresh.grace_replay')).toHaveLength(99);
    expect(events.some((e) => e.type === 'refresh.reuse_detected')).toBe(false);
    expect((await memory.getSession(first.sessionId))?.generation).toBe(1);
    expect(calls.filter((c) => c.method === 'rotateIfCurrent')).toHaveLength(100);
    expect(calls.filter((c) => c.method === 'rotate' || c.method === 'getSession')).toHaveLength(0);
    expect(calls.filter((c) => c.method === 'claimGraceReplay')).toHaveLength(0);
    expect(
      events.filter((e) => e.type === 'refresh.grace_replay' && e.reason === 'concurrent_request'),
    ).toHaveLength(99);
    // After the race, a replay of the same token is counted: over a cap of 0 it is refused.
    await expectCode(engine.refresh(first.refreshToken), 'RATE_LIMITED');
  });

  it('a thief replaying inside the window only joins the family: the next rotation by either side kills it', async () => {
    const { engine, advance } = setup();
    const stolen = await engine.login({ subject: 'alice' });
    const legit = await engine.refresh(stolen.refreshToken);
    const thief = await engine.refresh(stolen.refreshToken);
    expect(thief.refreshToken).toBe(legit.refreshToken);
    advance(DAY);
    const next = await engine.refresh(legit.refreshToken);
    advance(10 * SECOND);
    await expectCode(engine.refresh(thief.refreshToken), 'REFRESH_TOKEN_REUSED');
    await expectCode(engine.refresh(next.refreshToken), 'SESSION_REVOKED');
  });

  it('the same holds when the thief rotates first: the legitimate client then trips reuse', async () => {
    const { engine, advance, events } = setup();
    const stolen = await engine.login({ subject: 'alice' });
    const legit = await engine.refresh(stolen.refreshToken);
    await engine.refresh(stolen.refreshToken);
    advance(60 * SECOND);
    const thiefNext = await engine.refresh(legit.refreshToken);
    advance(60 * SECOND);
    await expectCode(engine.refresh(legit.refreshToken), 'REFRESH_TOKEN_REUSED');
    await expectCode(engine.refresh(thiefNext.refreshToken), 'SESSION_REVOKED');
    expect(events.filter((e) => e.type === 'refresh.reuse_detected')).toHaveLength(1);
  });

  it('instances with different rotation keys fail closed on a replay: it reads as a forgery and revokes nothing', async () => {
    const store = new MemoryStore();
    const events: string[] = [];
    const a = createRotationEngine({ store, rotationKey: 'a'.repeat(32) });
    const b = createRotationEngine({
      store,
      rotationKey: 'b'.repeat(32),
      onEvent: (e) => void events.push(e.type === 'refresh.failed' ? e.reason : e.type),
    });
    const same = createRotationEngine({ store, rotationKey: 'a'.repeat(32) });
    const first = await a.login({ subject: 'alice' });
    const second = await a.refresh(first.refreshToken);
    await expectCode(b.refresh(first.refreshToken), 'REFRESH_TOKEN_INVALID');
    expect(events).toEqual(['wrong_secret']);
    expect(await a.isSessionActive(first.sessionId)).toBe(true);
    expect((await same.refresh(first.refreshToken)).refreshToken).toBe(second.refreshToken);
  });
});

/** Rotates `n` times from `grant`, returning every token of the chain (index = generation). */
async function chainOf(engine: RotationEngine, first: string, n: number): Promise<string[]> {
  const tokens = [first];
  for (let i = 0; i < n; i += 1) tokens.push((await engine.refresh(tokens.at(-1)!)).refreshToken);
  return tokens;
}

function withSecret(token: string, secret: string): string {
  const [id, generation] = token.split('.') as [string, string];
  return `${id}.${generation}.${secret}`;
}

function withGeneration(token: string, generation: number): string {
  const [id, , secret] = token.split('.') as [string, string, string];
  return `${id}.${generation}.${secret}`;
}

const FORGED_SECRET = Buffer.alloc(32, 0x5a).toString('base64url');

describe('refresh: one record per session, older tokens proven by their chain', () => {
  it('a forged token with a valid session id and an older generation never revokes', async () => {
    const { engine, events, advance } = setup();
    const grant = await engine.login({ subject: 'alice' });
    const tokens = await chainOf(engine, grant.refreshToken, 5);
    advance(DAY);
    for (const generation of [0, 3, 4]) {
      await expectCode(
        engine.refresh(withSecret(tokens[generation]!, FORGED_SECRET)),
        'REFRESH_TOKEN_INVALID',
      );
      expect(events.at(-1)).toMatchObject({ type: 'refresh.failed', reason: 'wrong_secret' });
    }
    expect(await engine.logout(withSecret(tokens[2]!, FORGED_SECRET))).toBe(false);
    expect(events.some((e) => e.type === 'refresh.reuse_detected')).toBe(false);
    expect((await engine.refresh(tokens[5]!)).generation).toBe(6);
  });

  it('a generation the session never reached (k > g) is refused and changes nothing', async () => {
    const { engine, events, memory } = setup();
    const grant = await engine.login({ subject: 'alice' });
    const before = await memory.getSession(grant.sessionId);
    for (const generation of [1, 2, 2 ** 31]) {
      await expectCode(
        engine.refresh(withGeneration(grant.refreshToken, generation)),
        'REFRESH_TOKEN_INVALID',
      );
      expect(events.at(-1)).toMatchObject({ reason: 'wrong_secret', sessionId: grant.sessionId });
    }
    expect(await memory.getSession(grant.sessionId)).toEqual(before);
    expect((await engine.refresh(grant.refreshToken)).generation).toBe(1);
  });

  it('a tampered generation on a genuine secret is a forgery, never reuse', async () => {
    const { engine, events, advance } = setup();
    const grant = await engine.login({ subject: 'alice' });
    const tokens = await chainOf(engine, grant.refreshToken, 3);
    advance(DAY);
    // The current secret under an older generation: its chain does not end at the stored digest.
    for (const generation of [0, 1, 2, 4]) {
      await expectCode(
        engine.refresh(withGeneration(tokens[3]!, generation)),
        'REFRESH_TOKEN_INVALID',
      );
    }
    // An old secret moved forward to the current generation: the digest does not match.
    await expectCode(engine.refresh(withGeneration(tokens[1]!, 3)), 'REFRESH_TOKEN_INVALID');
    expect(events.some((e) => e.type === 'refresh.reuse_detected')).toBe(false);
    expect((await engine.refresh(tokens[3]!)).generation).toBe(4);
  });

  it('a token 64 generations old is proven genuine and revokes (older_generation)', async () => {
    const { engine, events } = setup();
    const grant = await engine.login({ subject: 'alice' });
    const tokens = await chainOf(engine, grant.refreshToken, 64);
    await expectCode(engine.refresh(tokens[0]!), 'REFRESH_TOKEN_REUSED');
    expect(events.at(-1)).toMatchObject({
      type: 'refresh.reuse_detected',
      reason: 'older_generation',
      revokedFamilies: 1,
    });
    await expectCode(engine.refresh(tokens[64]!), 'SESSION_REVOKED');
  });

  it('a token 65 generations old is refused without revoking (beyond_lookback)', async () => {
    const { engine, events, memory } = setup();
    const grant = await engine.login({ subject: 'alice' });
    const tokens = await chainOf(engine, grant.refreshToken, 65);
    await expectCode(engine.refresh(tokens[0]!), 'REFRESH_TOKEN_INVALID');
    expect(events.at(-1)).toMatchObject({
      type: 'refresh.failed',
      reason: 'beyond_lookback',
      sessionId: grant.sessionId,
    });
    expect((await memory.getSession(grant.sessionId))?.status).toBe('active');
    expect(await engine.logout(tokens[0]!)).toBe(false);
    expect((await engine.refresh(tokens[65]!)).generation).toBe(66);
  });

  it('reuseLookback is configurable and at least 1', async () => {
    const { engine, events } = setup({ reuseLookback: 2 });
    const grant = await engine.login({ subject: 'alice' });
    const tokens = await chainOf(engine, grant.refreshToken, 4);
    await expectCode(engine.refresh(tokens[1]!), 'REFRESH_TOKEN_INVALID');
    expect(events.at(-1)).toMatchObject({ reason: 'beyond_lookback' });
    await expectCode(engine.refresh(tokens[2]!), 'REFRESH_TOKEN_REUSED');
    for (const reuseLookback of [0, -1, 1.5, Number.NaN]) {
      expect(() => createRotationEngine({ reuseLookback })).toThrow(
        'tokenwarden: reuseLookback must be a whole number >= 1',
      );
    }
  });

  it('a replay of the immediate parent within the grace window gets the same successor; a genuine older one revokes', async () => {
    const { engine, events } = setup();
    const grant = await engine.login({ subject: 'alice' });
    const tokens = await chainOf(engine, grant.refreshToken, 3);
    expect((await engine.refresh(tokens[2]!)).refreshToken).toBe(tokens[3]);
    expect(events.at(-1)).toMatchObject({ type: 'refresh.grace_replay' });
    await expectCode(engine.refresh(tokens[1]!), 'REFRESH_TOKEN_REUSED');
    expect(events.at(-1)).toMatchObject({ reason: 'older_generation' });
  });

  it('the store and the rotation key together mint nothing: the digest is not a secret', async () => {
    const { engine, memory } = setup();
    const grant = await engine.login({ subject: 'alice' });
    const stored = await memory.getSession(grant.sessionId);
    // What a leak yields: the session id, its generation and the digest.
    const guess = `${grant.sessionId}.${stored!.generation}.${stored!.secretHash}`;
    await expectCode(engine.refresh(guess), 'REFRESH_TOKEN_INVALID');
    expect((await engine.refresh(grant.refreshToken)).generation).toBe(1);
  });

  it('the store holds one record per session however many rotations', async () => {
    const { engine, memory } = setup();
    const grant = await engine.login({ subject: 'alice' });
    await chainOf(engine, grant.refreshToken, 200);
    expect(memory.stats()).toMatchObject({ sessions: 1, tokens: 0 });
  });
});

describe('refresh: refusals', () => {
  const malformed: unknown[] = [
    undefined,
    null,
    42,
    '',
    'abc',
    'a.b',
    `${'A'.repeat(22)}.${'A'.repeat(43)}x`,
    `${'A'.repeat(22)}.${'A'.repeat(42)}`,
    `${'A'.repeat(22)}${'A'.repeat(44)}`,
    `${'A'.repeat(21)}B.${'A'.repeat(43)}`, // non-canonical: trailing bits set
    `${'A'.repeat(22)}.${'A'.repeat(42)}B`, // non-canonical secret
    `${'A'.repeat(22)}.${'A'.repeat(42)}=`,
    `${'A'.repeat(22)}.${'A'.repeat(42)}+`,
    ` ${'A'.repeat(21)}.${'A'.repeat(43)}`,
    `${'A'.repeat(22)}.${'A'.repeat(41)}\n`,
    // The old id.secret shape and near misses of the new one.
    `${'A'.repeat(22)}.${'A'.repeat(43)}`,
    `${'0'.repeat(8)}${'A'.repeat(22)}.01.${'A'.repeat(43)}`,
    `${'0'.repeat(8)}${'A'.repeat(22)}.2147483649.${'A'.repeat(43)}`,
    `${'0'.repeat(8)}${'A'.repeat(22)}.-1.${'A'.repeat(43)}`,
    `${'0'.repeat(8)}${'A'.repeat(21)}B.0.${'A'.repeat(43)}`,
    `${'G'.repeat(8)}${'A'.repeat(22)}.0.${'A'.repeat(43)}`,
  ];

  it('malformed tokens are REFRESH_TOKEN_INVALID without any store call', async () => {
    const { engine, calls, events } = setup();
    for (const token of malformed) {
      await expectCode(engine.refresh(token), 'REFRESH_TOKEN_INVALID');
      expect(await engine.logout(token)).toBe(false);
    }
    expect(calls).toEqual([]);
    expect(events.every((e) => e.type === 'refresh.failed' && e.reason === 'malformed')).toBe(true);
  });

  it('a canonical token that was never issued is REFRESH_TOKEN_INVALID', async () => {
    const { engine, events } = setup();
    await expectCode(
      engine.refresh(`${subjectTag('alice')}${'A'.repeat(22)}.0.${'A'.repeat(43)}`),
      'REFRESH_TOKEN_INVALID',
    );
    expect(events).toEqual([
      expect.objectContaining({ type: 'refresh.failed', reason: 'unknown_token' }),
    ]);
  });

  it('the right id with a wrong secret is refused and leaves the family untouched', async () => {
    const { engine, events } = setup();
    const grant = await engine.login({ subject: 'alice' });
    const [id, generation, secret] = grant.refreshToken.split('.') as [string, string, string];
    const forged = `${id}.${generation}.${secret[0] === 'A' ? 'Q' : 'A'}${secret.slice(1)}`;
    await expectCode(engine.refresh(forged), 'REFRESH_TOKEN_INVALID');
    expect(events.at(-1)).toMatchObject({
      type: 'refresh.failed',
      reason: 'wrong_secret',
      sessionId: grant.sessionId,
    });
    expect(await engine.logout(forged)).toBe(false);
    expect((await engine.refresh(grant.refreshToken)).generation).toBe(1);
  });

  it('a forged secret for a rotated token is not treated as reuse', async () => {
    const { engine, advance } = setup();
    const first = await engine.login({ subject: 'alice' });
    const second = await engine.refresh(first.refreshToken);
    advance(DAY);
    const [id, generation, secret] = first.refreshToken.split('.') as [string, string, string];
    await expectCode(
      engine.refresh(`${id}.${generation}.${secret[0] === 'A' ? 'Q' : 'A'}${secret.slice(1)}`),
      'REFRESH_TOKEN_INVALID',
    );
    expect((await engine.refresh(second.refreshToken)).generation).toBe(2);
  });

  it('idle expiry slides with use; past it the token is REFRESH_TOKEN_EXPIRED', async () => {
    const { engine, events, advance } = setup();
    let grant = await engine.login({ subject: 'alice' });
    advance(6 * DAY);
    grant = await engine.refresh(grant.refreshToken);
    advance(6 * DAY);
    grant = await engine.refresh(grant.refreshToken);
    advance(7 * DAY);
    await expectCode(engine.refresh(grant.refreshToken), 'REFRESH_TOKEN_EXPIRED');
    expect(events.at(-1)).toMatchObject({ type: 'refresh.failed', reason: 'expired_idle' });
  });

  it('the absolute lifetime ends the family however active it is', async () => {
    const { engine, events, advance } = setup({ refreshTtl: '7d', absoluteTtl: '10d' });
    let grant = await engine.login({ subject: 'alice' });
    advance(6 * DAY);
    grant = await engine.refresh(grant.refreshToken);
    expect(grant.expiresAt - grant.absoluteExpiresAt).toBe(0);
    advance(4 * DAY - 1);
    grant = await engine.refresh(grant.refreshToken);
    advance(1);
    await expectCode(engine.refresh(grant.refreshToken), 'REFRESH_TOKEN_EXPIRED');
    expect(events.at(-1)).toMatchObject({ type: 'refresh.failed', reason: 'expired_absolute' });
  });

  it('a logged-out family is SESSION_REVOKED', async () => {
    const { engine, events } = setup();
    const grant = await engine.login({ subject: 'alice' });
    expect(await engine.logout(grant.refreshToken)).toBe(true);
    await expectCode(engine.refresh(grant.refreshToken), 'SESSION_REVOKED');
    expect(events.at(-1)).toMatchObject({ type: 'refresh.failed', reason: 'revoked' });
  });

  it('an old token of a logged-out family is SESSION_REVOKED, not a second reuse', async () => {
    const { engine, events, advance } = setup();
    const first = await engine.login({ subject: 'alice' });
    const second = await engine.refresh(first.refreshToken);
    await engine.logout(second.refreshToken);
    advance(DAY);
    await expectCode(engine.refresh(first.refreshToken), 'SESSION_REVOKED');
    expect(events.some((e) => e.type === 'refresh.reuse_detected')).toBe(false);
  });

  it('a throwing store is STORE_UNAVAILABLE with the original error as cause, never a success', async () => {
    const { engine, state, events } = setup();
    const grant = await engine.login({ subject: 'alice' });
    const outage = new Error('connection refused');
    state.failure = outage;
    const err = await expectCode(engine.refresh(grant.refreshToken), 'STORE_UNAVAILABLE');
    expect(err.cause).toBe(outage);
    expect(err.status).toBe(503);
    expect(events.at(-1)).toMatchObject({ type: 'refresh.failed', reason: 'store_unavailable' });
    await expectCode(engine.login({ subject: 'alice' }), 'STORE_UNAVAILABLE');
    await expectCode(engine.logout(grant.refreshToken), 'STORE_UNAVAILABLE');
    await expectCode(engine.logoutAll('alice'), 'STORE_UNAVAILABLE');
    await expectCode(engine.isSessionActive(grant.sessionId), 'STORE_UNAVAILABLE');
  });

  it('a store failing in the middle of a rotation fails closed', async () => {
    const { engine, state } = setup();
    const grant = await engine.login({ subject: 'alice' });
    state.hook = (method) =>
      ROTATING_METHODS.includes(method) ? Promise.reject(new Error('timeout')) : undefined;
    await expectCode(engine.refresh(grant.refreshToken), 'STORE_UNAVAILABLE');
    state.hook = undefined;
    expect((await engine.refresh(grant.refreshToken)).generation).toBe(1);
  });

  it('device binding refuses a refresh from another device without revoking the family', async () => {
    const { engine, events } = setup({
      deviceBinding: (stored, presented) => stored.userAgent === presented.userAgent,
    });
    const grant = await engine.login({ subject: 'alice', context: { userAgent: 'phone' } });
    await expectCode(
      engine.refresh(grant.refreshToken, { context: { userAgent: 'laptop' } }),
      'REFRESH_TOKEN_INVALID',
    );
    await expectCode(engine.refresh(grant.refreshToken), 'REFRESH_TOKEN_INVALID');
    expect(events.at(-1)).toMatchObject({
      type: 'refresh.failed',
      reason: 'device_mismatch',
      context: undefined,
    });
    const next = await engine.refresh(grant.refreshToken, { context: { userAgent: 'phone' } });
    expect(next.generation).toBe(1);
  });

  it.each([
    [
      'refreshPolicy (step-up)',
      {
        refreshPolicy: (stored, presented) =>
          stored.device?.userAgent === presented.userAgent ? 'allow' : 'step-up',
      },
    ],
    [
      'deviceBinding',
      { deviceBinding: (stored, presented) => stored.userAgent === presented.userAgent },
    ],
  ] as [string, RotationEngineOptions][])(
    'a rotated token replayed after the window from another device is reuse under %s: the session is revoked',
    async (_name, options) => {
      const { engine, events, advance } = setup(options);
      const phone = { userAgent: 'phone' };
      const grant = await engine.login({ subject: 'alice', context: phone });
      const next = await engine.refresh(grant.refreshToken, { context: phone });
      advance(6_000);
      // The thief's browser differs from the victim's: the rules must not hide the leak.
      await expectCode(
        engine.refresh(grant.refreshToken, { context: { userAgent: 'thief' } }),
        'REFRESH_TOKEN_REUSED',
      );
      expect(events.at(-1)).toMatchObject({
        type: 'refresh.reuse_detected',
        reason: 'outside_grace_window',
      });
      await expectCode(engine.refresh(next.refreshToken, { context: phone }), 'SESSION_REVOKED');
    },
  );

  it('the grace-window parent from another device is judged by the rules, never served or revoked', async () => {
    const { engine } = setup({
      refreshPolicy: (stored, presented) =>
        stored.device?.userAgent === presented.userAgent ? 'allow' : 'step-up',
    });
    const phone = { userAgent: 'phone' };
    const grant = await engine.login({ subject: 'alice', context: phone });
    const next = await engine.refresh(grant.refreshToken, { context: phone });
    await expectCode(
      engine.refresh(grant.refreshToken, { context: { userAgent: 'thief' } }),
      'STEP_UP_REQUIRED',
    );
    expect((await engine.refresh(next.refreshToken, { context: phone })).generation).toBe(2);
  });

  it('a throwing device-binding policy refuses', async () => {
    const { engine } = setup({
      deviceBinding: () => {
        throw new Error('policy bug');
      },
    });
    const grant = await engine.login({ subject: 'alice' });
    await expectCode(engine.refresh(grant.refreshToken), 'REFRESH_TOKEN_INVALID');
  });
});

describe('events', () => {
  it('never carry token material, and the store never receives a secret', async () => {
    const { engine, events, calls, advance } = setup({
      maxGraceReplays: 1,
      deviceBinding: (s, p) => s.userAgent === p.userAgent,
    });
    const ctx = { context: { userAgent: 'UA' } };
    const tokens: string[] = [];
    const first = await engine.login({ subject: 'alice', ...ctx });
    tokens.push(first.refreshToken);
    const second = await engine.refresh(first.refreshToken, ctx);
    tokens.push(second.refreshToken);
    await engine.refresh(first.refreshToken, ctx);
    await Promise.allSettled([
      engine.refresh(second.refreshToken, ctx),
      engine.refresh(second.refreshToken),
    ]);
    advance(10 * SECOND);
    await Promise.allSettled([
      engine.refresh(first.refreshToken, ctx),
      engine.refresh(second.refreshToken, ctx),
    ]);
    const other = await engine.login({ subject: 'alice', ...ctx });
    tokens.push(other.refreshToken);
    await engine.logout(other.refreshToken);
    await engine.logoutAll('alice');
    expect(new Set(events.map((e) => e.type)).size).toBeGreaterThanOrEqual(6);
    const serializedEvents = JSON.stringify(events);
    for (const part of tokenParts(tokens)) expect(serializedEvents).not.toContain(part);
    const serializedCalls = JSON.stringify(calls);
    for (const token of tokens) {
      expect(serializedCalls).not.toContain(token);
      expect(serializedCalls).not.toContain(token.split('.')[2]);
    }
  });

  it('a throwing or rejecting onEvent hook does not break any flow', async () => {
    for (const onEvent of [
      () => {
        throw new Error('logger down');
      },
      () => Promise.reject(new Error('logger down')),
    ]) {
      const { engine, advance } = setup({ onEvent });
      const first = await engine.login({ subject: 'alice' });
      const second = await engine.refresh(first.refreshToken);
      expect((await engine.refresh(first.refreshToken)).refreshToken).toBe(second.refreshToken);
      advance(DAY);
      await expectCode(engine.refresh(first.refreshToken), 'REFRESH_TOKEN_REUSED');
      expect(await engine.isSessionActive(first.sessionId)).toBe(false);
      expect((await engine.logoutAll('alice')).tokenVersion).toBe(1);
    }
  });
});

describe('sessions', () => {
  it('logout revokes once; logoutAll revokes every family of the subject and bumps its version', async () => {
    const { engine, events } = setup();
    const a = await engine.login({ subject: 'alice' });
    const b = await engine.login({ subject: 'alice' });
    const c = await engine.login({ subject: 'alice' });
    const bob = await engine.login({ subject: 'bob' });
    expect(await engine.logout(a.refreshToken)).toBe(true);
    expect(events.at(-1)).toMatchObject({
      type: 'logout',
      subject: 'alice',
      sessionId: a.sessionId,
    });
    expect(await engine.logout(a.refreshToken)).toBe(false);
    expect(await engine.logoutAll('alice')).toEqual({ revokedFamilies: 2, tokenVersion: 1 });
    expect(events.at(-1)).toMatchObject({
      type: 'logout_all',
      subject: 'alice',
      revokedFamilies: 2,
      tokenVersion: 1,
    });
    for (const grant of [b, c])
      await expectCode(engine.refresh(grant.refreshToken), 'SESSION_REVOKED');
    expect(await engine.isSessionActive(bob.sessionId)).toBe(true);
    expect(await engine.getTokenVersion('bob')).toBe(0);
  });

  it('listSessions shows active, unexpired families, most recently used first', async () => {
    const { engine, advance } = setup();
    const old = await engine.login({ subject: 'alice', context: { userAgent: 'old' } });
    advance(SECOND);
    const phone = await engine.login({ subject: 'alice', context: { userAgent: 'phone' } });
    const gone = await engine.login({ subject: 'alice' });
    await engine.logout(gone.refreshToken);
    advance(SECOND);
    await engine.refresh(old.refreshToken);
    const sessions = await engine.listSessions('alice');
    expect(sessions.map((s) => s.sessionId)).toEqual([old.sessionId, phone.sessionId]);
    expect(sessions[1]).toMatchObject({
      device: { userAgent: 'phone' },
      createdAt: phone.expiresAt - 7 * DAY,
    });
    advance(7 * DAY - SECOND);
    expect((await engine.listSessions('alice')).map((s) => s.sessionId)).toEqual([old.sessionId]);
  });

  it("revokeSession answers false for an unknown id or another subject's session, without revoking it", async () => {
    const { engine, events } = setup();
    const alice = await engine.login({ subject: 'alice' });
    const bob = await engine.login({ subject: 'bob' });
    expect(await engine.revokeSession('alice', bob.sessionId)).toBe(false);
    expect(await engine.revokeSession('alice', 'no-such-family')).toBe(false);
    expect(await engine.isSessionActive(bob.sessionId)).toBe(true);
    expect(await engine.revokeSession('alice', alice.sessionId)).toBe(true);
    expect(events.at(-1)).toMatchObject({
      type: 'session.revoked',
      subject: 'alice',
      sessionId: alice.sessionId,
      reason: 'revoked_by_user',
    });
    expect(await engine.revokeSession('alice', alice.sessionId)).toBe(false);
  });
});

describe('access-token revocation modes', () => {
  it('none never consults the store', async () => {
    const { engine, calls } = setup();
    expect(engine.accessRevocation).toBe('none');
    expect(await engine.isAccessRevoked({ sid: 'x', jti: 'y' })).toBe(false);
    expect(calls).toEqual([]);
  });

  it('session checks the sid against the store', async () => {
    const { engine } = setup({ accessRevocation: 'session' });
    const grant = await engine.login({ subject: 'alice' });
    expect(await engine.isAccessRevoked({ sid: grant.sessionId })).toBe(false);
    expect(await engine.isAccessRevoked({})).toBe(true);
    await engine.logout(grant.refreshToken);
    expect(await engine.isAccessRevoked({ sid: grant.sessionId })).toBe(true);
  });

  it('jti checks the denylist, whose entries expire with the token', async () => {
    const { engine, time, advance } = setup({ accessRevocation: 'jti' });
    const exp = Math.floor(time.now / 1000) + 900;
    expect(await engine.isAccessRevoked({ jti: 'j1' })).toBe(false);
    await engine.denyJti('j1', exp);
    expect(await engine.isAccessRevoked({ jti: 'j1' })).toBe(true);
    expect(await engine.isJtiDenied('j1')).toBe(true);
    expect(await engine.isAccessRevoked({})).toBe(true);
    advance(901 * SECOND);
    expect(await engine.isJtiDenied('j1')).toBe(false);
  });
});

describe('configuration', () => {
  it.each([
    [{ rotationKey: 'short' }],
    [{ rotationKey: new Uint8Array(31) }],
    [{ refreshTtl: 0 }],
    [{ refreshTtl: '10d', absoluteTtl: '7d' } as const],
    [{ reuseGrace: -1 }],
    [{ maxGraceReplays: 1.5 }],
    [{ onReuse: 'everyone' as 'family' }],
    [{ accessRevocation: 'always' as 'none' }],
    [{ onEvent: 'log' as unknown as () => void }],
  ])('refuses %j with a TypeError at construction', (options) => {
    expect(() => createRotationEngine(options)).toThrow(/^tokenwarden: /);
    expect(() => createRotationEngine(options)).toThrow(TypeError);
  });

  it('refuses a clock that is not a function, like createIssuer does', async () => {
    const keys = await createKeySet({ keys: [{ alg: 'HS256', secret: 's'.repeat(32) }] });
    const issuerError = catchError(() =>
      createIssuer({ keys, issuer: 'i', audience: 'a', clock: 5 as unknown as () => number }),
    );
    const engineError = catchError(() =>
      createRotationEngine({ clock: 5 as unknown as () => number }),
    );
    expect(engineError).toBeInstanceOf(TypeError);
    expect(issuerError).toBeInstanceOf(TypeError);
    expect(engineError.message).toBe(issuerError.message);
    expect(engineError.message).toBe('tokenwarden: clock must be a function');
  });

  it('refuses a store without the TokenStore methods at construction', () => {
    expect(() => createRotationEngine({ store: {} as unknown as MemoryStore })).toThrow(
      'tokenwarden: store must be a TokenStore',
    );
    expect(() => createRotationEngine({ store: null as unknown as MemoryStore })).toThrow(
      TypeError,
    );
  });

  it('names options in messages as the caller maps them', () => {
    const defaultStore = () => new MemoryStore();
    const names = { reuseGrace: 'session.grace', refreshTtl: 'idleTtl', clock: 'now' };
    expect(() => resolveEngineOptions({ reuseGrace: -1 }, { defaultStore, names })).toThrow(
      /session\.grace/,
    );
    expect(() =>
      resolveEngineOptions({ refreshTtl: '10d', absoluteTtl: '7d' }, { defaultStore, names }),
    ).toThrow('tokenwarden: absoluteTtl must be >= idleTtl');
    expect(() =>
      resolveEngineOptions({ clock: 5 as unknown as () => number }, { defaultStore, names }),
    ).toThrow('tokenwarden: now must be a function');
    expect(() => resolveEngineOptions({ reuseGrace: -1 }, { defaultStore })).toThrow(/reuseGrace/);
  });

  it('buildEngine runs on resolved options, with the default store only when none is given', async () => {
    let built = 0;
    const defaultStore = () => {
      built += 1;
      return new MemoryStore();
    };
    const engine = buildEngine(resolveEngineOptions({}, { defaultStore }));
    expect(built).toBe(1);
    const grant = await engine.login({ subject: 'alice' });
    expect((await engine.refresh(grant.refreshToken)).generation).toBe(1);
    resolveEngineOptions({ store: new MemoryStore() }, { defaultStore });
    expect(built).toBe(1);
  });
});

describe('one clock for the engine and its store', () => {
  // Before: the store decided expiry with a clock of its own, so an engine
  // clock in the past made every record read as expired (REFRESH_TOKEN_INVALID),
  // and one in the future kept records the engine's time had already ended.
  it.each([
    ['in the past', 1_700_000_000_000],
    ['in the future', 4_000_000_000_000],
  ])('a custom engine clock %s and a separately built MemoryStore agree', async (_, start) => {
    const time = { now: start };
    const store = new MemoryStore();
    const engine = createRotationEngine({ clock: () => time.now, store });
    const first = await engine.login({ subject: 'alice' });
    time.now += DAY;
    const second = await engine.refresh(first.refreshToken);
    expect(second.generation).toBe(1);
    expect(await engine.isSessionActive(second.sessionId)).toBe(true);
    const kept = await engine.login({ subject: 'alice' });
    time.now += 7 * DAY + 1;
    await expectCode(engine.refresh(second.refreshToken), 'REFRESH_TOKEN_EXPIRED');
    // Past the absolute lifetime plus the store's retention, the store forgets the session.
    time.now += 31 * DAY;
    await expectCode(engine.refresh(kept.refreshToken), 'REFRESH_TOKEN_INVALID');
    expect(await store.deleteExpired(time.now)).toBeGreaterThan(0);
    expect(store.stats()).toMatchObject({ families: 0, tokens: 0 });
  });
});

describe('one spelling of the session id', () => {
  it('grants, listings and events say sessionId; the deprecated familyId and id carry the same value', async () => {
    const events: AuthEvent[] = [];
    const engine = createRotationEngine({ onEvent: (e) => void events.push(e) });
    const grant = await engine.login({ subject: 'alice' });
    expect(grant.familyId).toBe(grant.sessionId);
    const next = await engine.refresh(grant.refreshToken);
    expect(next.familyId).toBe(grant.sessionId);
    const [listed] = await engine.listSessions('alice');
    expect(listed).toMatchObject({ sessionId: grant.sessionId, id: grant.sessionId });
    await engine.refresh(grant.refreshToken);
    await engine.refresh(`${grant.sessionId}.1.${'A'.repeat(43)}`).catch(() => {});
    await engine.logout(next.refreshToken);
    const other = await engine.login({ subject: 'alice' });
    await engine.revokeSession('alice', other.sessionId);
    const withSession = events.filter((e) => 'sessionId' in e);
    expect(new Set(withSession.map((e) => e.type))).toEqual(
      new Set([
        'login',
        'refresh',
        'refresh.grace_replay',
        'refresh.failed',
        'logout',
        'session.revoked',
      ]),
    );
    for (const event of withSession) {
      expect(event).toMatchObject({ familyId: (event as { sessionId: string }).sessionId });
    }
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw');
}
