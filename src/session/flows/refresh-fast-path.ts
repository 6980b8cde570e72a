/**
 * The refresh fast path: when the store has `rotateIfCurrent` and nothing
 * needs the session's record before rotating, the presented token is
 * checked and rotated in ONE store call (one Lua script, one SQL statement,
 * one synchronous Map step), which also hands back the subject's token
 * version. When the store did not rotate, it returns the record as it is and
 * the refresh flow decides on it exactly as after a `getSession`: the grace
 * window, chain proofs and reuse detection stay in the engine.
 * @module
 */
import type { EngineContext } from '../engine-context.js';
import { storeCall } from '../guards.js';
import { digestSecret } from '../refresh-token/secret-digest.js';
import type { ParsedRefreshToken } from '../refresh-token/token-format.js';
import type { SessionRecord } from '../store.js';
// The refresh rules (deviceBinding, refreshPolicy) judge the stored record
// before a rotation may happen, which rules the one-call fast path out.
import { rulesNeedRecord } from './refresh-policy.js';

/** A rotation made by the fast path, with its successor and the token version read with it. */
export interface FastRotation {
  readonly successor: ParsedRefreshToken;
  readonly session: SessionRecord;
  readonly tokenVersion: number;
}

/** What the fast path did: rotated, or not (with the session as the store holds it). */
export type FastPathOutcome =
  | { readonly rotated: FastRotation }
  | {
      readonly session: SessionRecord | null;
      /** Another refresh of this process rotated the session while this one was in flight. */
      readonly racedRotation: boolean;
    };

/**
 * Tries the one-call rotation at `now`. `rotated` on success; otherwise the
 * session as the store holds it (`null`: unknown or expired), for the
 * regular path. `undefined` when the fast path does not apply.
 */
export async function tryFastRotation(
  ctx: EngineContext,
  parsed: ParsedRefreshToken,
  now: number,
): Promise<FastPathOutcome | undefined> {
  const rotateIfCurrent = ctx.store.rotateIfCurrent;
  // A caller's beforeRotate (the facade's accessClaims) must run, and may
  // throw, before anything rotates: it needs the subject, known only after a read.
  if (rotateIfCurrent === undefined || rulesNeedRecord(ctx) || ctx.beforeRotate) return undefined;
  const ticket = ctx.races.enter(parsed.sessionId);
  try {
    // Derived before knowing the token is current: one HMAC wasted on the rare
    // failure path, one store round trip saved on every success.
    const successor = await ctx.derive(parsed);
    const presentedHash = await digestSecret(parsed.secret);
    const secretHash = await digestSecret(successor.secret);
    const result = await storeCall(() =>
      rotateIfCurrent.call(ctx.store, {
        sessionId: parsed.sessionId,
        generation: parsed.generation,
        presentedHash,
        secretHash,
        rotatedAt: now,
        idleExpiresAt: now + ctx.refreshTtlMs,
      }),
    );
    if (!result.ok) return { session: result.session, racedRotation: ticket.raced };
    ctx.races.rotated(ticket);
    return { rotated: { successor, session: result.session, tokenVersion: result.tokenVersion } };
  } finally {
    ctx.races.leave(ticket);
  }
}
