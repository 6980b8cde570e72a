/**
 * The refresh flow: parse, look up, check, then rotate with one
 * compare-and-swap; a token already rotated goes through the grace-window
 * rules (DESIGN decisions 4-6).
 * @module
 */
import { AuthError, type AuthErrorCode } from '../../core/errors.js';
import type {
  DeviceContext,
  GraceReplayReason,
  RefreshFailureReason,
  ReuseReason,
} from '../events.js';
import type { FamilyRecord, RefreshTokenRecord } from '../store.js';
import { digestSecret, secretMatches } from '../refresh-token/secret-digest.js';
import { type ParsedRefreshToken, parseRefreshToken } from '../refresh-token/token-format.js';
import { type EngineContext, expiryOf, sessionRef, toGrant } from '../engine-context.js';
import { storeCall } from '../guards.js';
import type { RefreshTokenGrant } from '../types.js';

/** Who a refresh is about, as far as known, for events. */
interface Who {
  readonly subject?: string;
  readonly sessionId?: string;
  readonly context: DeviceContext | undefined;
}

/** A rotation as the store reported it. */
interface Rotation {
  readonly successorId: string;
  readonly rotatedAt: number;
}

const FAILURE_CODES: Record<RefreshFailureReason, AuthErrorCode> = {
  malformed: 'REFRESH_TOKEN_INVALID',
  unknown_token: 'REFRESH_TOKEN_INVALID',
  wrong_secret: 'REFRESH_TOKEN_INVALID',
  expired_idle: 'REFRESH_TOKEN_EXPIRED',
  expired_absolute: 'REFRESH_TOKEN_EXPIRED',
  revoked: 'SESSION_REVOKED',
  device_mismatch: 'REFRESH_TOKEN_INVALID',
  rotation_key_mismatch: 'REFRESH_TOKEN_INVALID',
  store_unavailable: 'STORE_UNAVAILABLE',
};

/** Rotates a presented refresh token, or throws an `AuthError`. */
export async function refresh(
  ctx: EngineContext,
  presented: unknown,
  context: DeviceContext | undefined,
): Promise<RefreshTokenGrant> {
  try {
    return await refreshChecked(ctx, presented, context);
  } catch (err) {
    if (err instanceof AuthError && err.code === 'STORE_UNAVAILABLE') {
      ctx.emit({ type: 'refresh.failed', reason: 'store_unavailable', context, at: ctx.clock() });
    }
    throw err;
  }
}

async function refreshChecked(
  ctx: EngineContext,
  presented: unknown,
  context: DeviceContext | undefined,
): Promise<RefreshTokenGrant> {
  // Malformed input is refused before any store call: junk never reaches the backend.
  const parsed = parseRefreshToken(presented);
  if (!parsed) throw fail(ctx, 'malformed', { context });
  const now = ctx.clock();
  const found = await storeCall(() => ctx.store.findToken(parsed.id, now));
  if (!found) throw fail(ctx, 'unknown_token', { context });
  const { token, family } = found;
  const who = { subject: family.subject, sessionId: family.id, context };
  // A right id with a wrong secret is refused without touching the family:
  // whoever sent it does not hold the token, so it says nothing about theft.
  if (!(await secretMatches(parsed.secret, token.secretHash))) throw fail(ctx, 'wrong_secret', who);
  checkFamily(ctx, family, who);
  if (token.status === 'rotated') {
    return graceOrReuse(ctx, parsed, rotationOf(token), family, who, 'replay_within_grace');
  }
  return rotate(ctx, parsed, token, family, who);
}

async function rotate(
  ctx: EngineContext,
  parsed: ParsedRefreshToken,
  token: RefreshTokenRecord,
  family: FamilyRecord,
  who: Who,
): Promise<RefreshTokenGrant> {
  const successor = await ctx.derive(parsed);
  const now = ctx.clock();
  const secretHash = await digestSecret(successor.secret);
  const result = await storeCall(() =>
    ctx.store.rotate({
      sessionId: family.id,
      parentId: token.id,
      rotatedAt: now,
      idleExpiresAt: Math.min(now + ctx.refreshTtlMs, family.absoluteExpiresAt),
      successor: {
        id: successor.id,
        sessionId: family.id,
        secretHash,
        generation: token.generation + 1,
        createdAt: now,
        status: 'active',
        rotatedAt: null,
        successorId: null,
        graceReplays: 0,
        expiresAt: family.expiresAt,
      },
    }),
  );
  if (result.ok) {
    const f = result.family;
    ctx.emit({
      type: 'refresh',
      subject: f.subject,
      ...sessionRef(f.id),
      generation: f.generation,
      context: who.context,
      at: now,
    });
    return toGrant(successor, f, now);
  }
  if (result.reason === 'not_found') throw fail(ctx, 'unknown_token', who);
  if (result.reason === 'family_revoked') throw fail(ctx, 'revoked', who);
  // Lost the compare-and-swap to a concurrent request: same rules as a replay.
  return graceOrReuse(ctx, parsed, result, result.family, who, 'concurrent_request');
}

/**
 * A rotated token presented again. Only the immediate parent of the family's
 * current token, inside the window measured from its rotation, may get the
 * same successor back (DESIGN decision 6); everything else is reuse.
 * Requests that lost the CAS race (`concurrent_request`) were in flight
 * before the rotation committed, so they do not count against the replay
 * cap; replays that arrive after it do.
 */
async function graceOrReuse(
  ctx: EngineContext,
  parsed: ParsedRefreshToken,
  rotation: Rotation,
  family: FamilyRecord,
  who: Who,
  kind: GraceReplayReason,
): Promise<RefreshTokenGrant> {
  const now = ctx.clock();
  const refused = refusalOf(ctx, rotation, family, now);
  if (refused) return reuse(ctx, family, refused, who.context);
  const successor = await ctx.derive(parsed);
  // Another instance rotated with a different rotationKey: handing out our
  // derivation would give the client a token the store does not know.
  if (successor.id !== rotation.successorId) throw fail(ctx, 'rotation_key_mismatch', who);
  let current = family;
  if (kind === 'replay_within_grace') {
    const claim = await storeCall(() =>
      ctx.store.claimGraceReplay(
        {
          tokenId: parsed.id,
          successorId: rotation.successorId,
          maxReplays: ctx.maxGraceReplays,
        },
        now,
      ),
    );
    if (!claim.ok) {
      if (claim.reason === 'family_revoked') throw fail(ctx, 'revoked', who);
      if (claim.reason === 'not_found') throw fail(ctx, 'unknown_token', who);
      const reason = claim.reason === 'cap_exceeded' ? 'grace_cap_exceeded' : 'older_generation';
      return reuse(ctx, family, reason, who.context);
    }
    current = claim.family;
  }
  ctx.emit({
    type: 'refresh.grace_replay',
    subject: current.subject,
    ...sessionRef(current.id),
    reason: kind,
    context: who.context,
    at: now,
  });
  return toGrant(successor, current, now);
}

function refusalOf(
  ctx: EngineContext,
  rotation: Rotation,
  family: FamilyRecord,
  now: number,
): ReuseReason | null {
  if (family.currentTokenId !== rotation.successorId) return 'older_generation';
  if (ctx.reuseGraceMs === 0) return 'grace_disabled';
  // A rotatedAt slightly in the future (clock skew between instances) counts as inside.
  if (now - rotation.rotatedAt >= ctx.reuseGraceMs) return 'outside_grace_window';
  return null;
}

async function reuse(
  ctx: EngineContext,
  family: FamilyRecord,
  reason: ReuseReason,
  context: DeviceContext | undefined,
): Promise<never> {
  const at = ctx.clock();
  const revokedFamilies = await storeCall(async () => {
    if (ctx.onReuse === 'family') return (await ctx.store.revokeFamily(family.id, at)) ? 1 : 0;
    const count = await ctx.store.revokeSubject(family.subject, at);
    await ctx.store.bumpTokenVersion(family.subject, at + ctx.absoluteTtlMs, at);
    return count;
  });
  ctx.emit({
    type: 'refresh.reuse_detected',
    subject: family.subject,
    ...sessionRef(family.id),
    reason,
    scope: ctx.onReuse,
    revokedFamilies,
    context,
    at,
  });
  throw new AuthError('REFRESH_TOKEN_REUSED');
}

function checkFamily(ctx: EngineContext, family: FamilyRecord, who: Who): void {
  if (family.status === 'revoked') throw fail(ctx, 'revoked', who);
  const expired = expiryOf(family, ctx.clock());
  if (expired) throw fail(ctx, expired, who);
  if (ctx.deviceBinding && !deviceAllowed(ctx, family, who.context)) {
    throw fail(ctx, 'device_mismatch', who);
  }
}

// A throwing policy fails closed: refusing is the safe answer to "is this the same device?".
function deviceAllowed(
  ctx: EngineContext,
  family: FamilyRecord,
  presented: DeviceContext | undefined,
): boolean {
  try {
    return ctx.deviceBinding?.(family.device ?? {}, presented ?? {}) === true;
  } catch {
    return false;
  }
}

function rotationOf(token: RefreshTokenRecord): Rotation {
  return { successorId: token.successorId ?? '', rotatedAt: token.rotatedAt ?? 0 };
}

function fail(ctx: EngineContext, reason: RefreshFailureReason, who: Who): AuthError {
  ctx.emit({
    type: 'refresh.failed',
    reason,
    subject: who.subject,
    ...(who.sessionId === undefined ? {} : sessionRef(who.sessionId)),
    context: who.context,
    at: ctx.clock(),
  });
  return new AuthError(FAILURE_CODES[reason]);
}
