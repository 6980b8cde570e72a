/**
 * DESIGN decision 6, the grace window's policy: inside the window a replay
 * of the immediate parent never revokes the session (over the cap it is only
 * refused, 429 `RATE_LIMITED`); after the window, or for an older
 * generation, a replay is reuse and revokes. The default cap lets 64
 * parallel refreshes from one client all succeed.
 */
import { describe, expect, it } from 'vitest';
import { AuthError, type AuthErrorCode, toErrorResponse } from '../src/index.js';
import { SECOND, setup } from './helpers/rotation.js';

async function codeOf(promise: Promise<unknown>): Promise<AuthErrorCode> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AuthError) return err.code;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('grace window: the default cap', () => {
  it('64 parallel refreshes of one token all get the same successor, nobody is logged out', async () => {
    const { engine, events } = setup();
    const first = await engine.login({ subject: 'alice' });
    const results = await Promise.all(
      Array.from({ length: 64 }, () => engine.refresh(first.refreshToken)),
    );
    expect(new Set(results.map((r) => r.refreshToken)).size).toBe(1);
    expect(events.filter((e) => e.type === 'refresh')).toHaveLength(1);
    expect(events.some((e) => e.type === 'refresh.reuse_detected')).toBe(false);
    expect(events.some((e) => e.type === 'refresh.failed')).toBe(false);
    expect((await engine.refresh(results[0]!.refreshToken)).generation).toBe(2);
  });

  it('serves 63 replays that all arrive after the rotation (the worst case of 64 parallel requests)', async () => {
    const { engine, events } = setup();
    const first = await engine.login({ subject: 'alice' });
    const second = await engine.refresh(first.refreshToken);
    const replays = await Promise.all(
      Array.from({ length: 63 }, () => engine.refresh(first.refreshToken)),
    );
    expect(replays.every((r) => r.refreshToken === second.refreshToken)).toBe(true);
    expect(events.filter((e) => e.type === 'refresh.grace_replay')).toHaveLength(63);
    expect(
      events.filter((e) => e.type === 'refresh.grace_replay' && e.reason !== 'replay_within_grace'),
    ).toHaveLength(0);
  });
});

describe('grace window: over the cap', () => {
  it('ten parallel, then an eleventh after the rotation inside the window: no revocation (default cap)', async () => {
    const { engine, events, advance } = setup();
    const first = await engine.login({ subject: 'alice' });
    const ten = await Promise.all(
      Array.from({ length: 10 }, () => engine.refresh(first.refreshToken)),
    );
    advance(4 * SECOND);
    const eleventh = await engine.refresh(first.refreshToken);
    expect(eleventh.refreshToken).toBe(ten[0]!.refreshToken);
    expect(events.some((e) => e.type === 'refresh.reuse_detected')).toBe(false);
    expect((await engine.refresh(eleventh.refreshToken)).generation).toBe(2);
  });

  it('with a small cap the over-cap replay is refused (RATE_LIMITED, Retry-After 1) and the session lives on', async () => {
    const { engine, events, memory, advance } = setup({ maxGraceReplays: 3 });
    const first = await engine.login({ subject: 'alice' });
    const ten = await Promise.all(
      Array.from({ length: 10 }, () => engine.refresh(first.refreshToken)),
    );
    const successor = ten[0]!.refreshToken;
    expect(ten.every((r) => r.refreshToken === successor)).toBe(true);
    advance(SECOND);
    // Whatever part of the ten raced the rotation, three replays after it are served.
    const outcomes = await Promise.all(
      Array.from({ length: 4 }, () =>
        engine.refresh(first.refreshToken).then(
          (grant) => grant.refreshToken,
          (err: AuthError) => err,
        ),
      ),
    );
    const refused = outcomes.filter((o): o is AuthError => o instanceof AuthError);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const err of refused) {
      expect(err).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfter: 1 });
    }
    expect(outcomes.filter((o) => o === successor)).toHaveLength(4 - refused.length);
    expect(await codeOf(engine.refresh(first.refreshToken))).toBe('RATE_LIMITED');
    const failed = events.filter((e) => e.type === 'refresh.failed');
    expect(failed.length).toBeGreaterThanOrEqual(2);
    for (const event of failed) {
      expect(event).toMatchObject({
        reason: 'grace_cap_exceeded',
        subject: 'alice',
        sessionId: first.sessionId,
      });
    }
    expect(events.some((e) => e.type === 'refresh.reuse_detected')).toBe(false);
    expect((await memory.getSession(first.sessionId))?.status).toBe('active');
    expect((await engine.refresh(successor)).generation).toBe(2);
  });

  it('a replay over the cap with maxGraceReplays 0 is refused, not reuse', async () => {
    const { engine, events } = setup({ maxGraceReplays: 0 });
    const first = await engine.login({ subject: 'alice' });
    const second = await engine.refresh(first.refreshToken);
    expect(await codeOf(engine.refresh(first.refreshToken))).toBe('RATE_LIMITED');
    expect(events.some((e) => e.type === 'refresh.reuse_detected')).toBe(false);
    expect((await engine.refresh(second.refreshToken)).generation).toBe(2);
  });

  it('the 429 carries Retry-After and no Bearer challenge', () => {
    const res = toErrorResponse(new AuthError('RATE_LIMITED', { retryAfter: 1 }));
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.headers['www-authenticate']).toBeUndefined();
    expect(res.body).toEqual({ error: { code: 'RATE_LIMITED', message: expect.any(String) } });
    expect(toErrorResponse(new AuthError('TOKEN_EXPIRED')).headers['retry-after']).toBeUndefined();
  });
});

describe('grace window: what still revokes', () => {
  it('a replay of the parent after the window is reuse, even under the cap', async () => {
    const { engine, events, memory, advance } = setup({ reuseGrace: '5s' });
    const first = await engine.login({ subject: 'alice' });
    await engine.refresh(first.refreshToken);
    advance(5 * SECOND);
    expect(await codeOf(engine.refresh(first.refreshToken))).toBe('REFRESH_TOKEN_REUSED');
    expect(events.at(-1)).toMatchObject({
      type: 'refresh.reuse_detected',
      reason: 'outside_grace_window',
    });
    expect((await memory.getSession(first.sessionId))?.status).toBe('revoked');
  });

  it('a generation older than the parent is reuse at once, inside the window', async () => {
    const { engine, events, memory } = setup();
    const first = await engine.login({ subject: 'alice' });
    const second = await engine.refresh(first.refreshToken);
    await engine.refresh(second.refreshToken);
    expect(await codeOf(engine.refresh(first.refreshToken))).toBe('REFRESH_TOKEN_REUSED');
    expect(events.at(-1)).toMatchObject({
      type: 'refresh.reuse_detected',
      reason: 'older_generation',
    });
    expect((await memory.getSession(first.sessionId))?.status).toBe('revoked');
  });

  it('an over-cap replay after the window is reuse (the cap never shields a late replay)', async () => {
    const { engine, advance } = setup({ maxGraceReplays: 1 });
    const first = await engine.login({ subject: 'alice' });
    const second = await engine.refresh(first.refreshToken);
    await engine.refresh(first.refreshToken);
    expect(await codeOf(engine.refresh(first.refreshToken))).toBe('RATE_LIMITED');
    advance(5 * SECOND);
    expect(await codeOf(engine.refresh(first.refreshToken))).toBe('REFRESH_TOKEN_REUSED');
    expect(await codeOf(engine.refresh(second.refreshToken))).toBe('SESSION_REVOKED');
  });
});
