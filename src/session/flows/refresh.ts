/**
 * The refresh flow (DESIGN decisions 4-6) on one record per session: parse,
 * try the store's one-call rotation of the current token when it has one
 * (`refresh-fast-path.ts`), else read the session; then, on the record the
 * store returned, by the presented generation k against the session's
 * current generation g:
 * - k > g: a forgery, refused (`wrong_secret`), nothing changes;
 * - k = g: the secret's digest must match, then rotate with one
 *   compare-and-swap on g;
 * - k < g: proven genuine by re-deriving its chain to g (at most
 *   `reuseLookback` HMACs; older is refused without revoking), then the
 *   grace-window rules: only k = g − 1, inside the window, gets the same
 *   successor back; over the cap it is refused without revoking
 *   (`RATE_LIMITED`); anything else (after the window, older than g − 1) is
 *   reuse and revokes.
 * A forged token never revokes: revocation needs a chain that ends at the
 * stored digest.
 * @module
 */
import { AuthError, type AuthErrorCode } from '../../core/errors.js';
import {
  bumpTokenVersion,
  type EngineContext,
  expiryOf,
  readTokenVersion,
  sessionRef,
  toGrant,
} from '../engine-context.js';
import type {
  DeviceContext,
  GraceReplayReason,
  RefreshFailureReason,
  ReuseReason,
} from '../events.js';
import { storeCall } from '../guards.js';
import { proveOlderToken } from '../refresh-token/chain.js';
import { digestSecret, secretMatches } from '../refresh-token/secret-digest.js';
import { type ParsedRefreshToken, parseRefreshToken } from '../refresh-token/token-format.js';
import type { SessionRecord } from '../store.js';
import type { RefreshTokenGrant } from '../types.js';
import { type RuleRefusal, refusingRule, rulesNeedRecord } from './refresh-policy.js';
import { type FastRotation, tryFastRotation } from './refresh-fast-path.js';

/** Who a refresh is about, as far as known, for events. */
interface Who {
  readonly subject?: string;
  readonly sessionId?: string;
  readonly context: DeviceContext | undefined;
}

const FAILURE_CODES: Record<RefreshFailureReason, AuthErrorCode> = {
  malformed: 'REFRESH_TOKEN_INVALID',
  unknown_token: 'REFRESH_TOKEN_INVALID',
  wrong_secret: 'REFRESH_TOKEN_INVALID',
  expired_idle: 'REFRESH_TOKEN_EXPIRED',
  expired_absolute: 'REFRESH_TOKEN_EXPIRED',
  revoked: 'SESSION_REVOKED',
  device_mismatch: 'REFRESH_TOKEN_INVALID',
  policy_denied: 'REFRESH_TOKEN_INVALID',
  policy_error: 'REFRESH_TOKEN_INVALID',
  step_up_required: 'STEP_UP_REQUIRED',
  beyond_lookback: 'REFRESH_TOKEN_INVALID',
  rotation_key_mismatch: 'REFRESH_TOKEN_INVALID',
  store_unavailable: 'STORE_UNAVAILABLE',
  grace_cap_exceeded: 'RATE_LIMITED',
};

/**
 * `Retry-After` of an over-cap grace replay, in seconds. Short on purpose: the
 * retry of a browser carries the successor cookie that the served replays
 * set, and a retry of the *same* token after the window would be reuse.
 */
const GRACE_CAP_RETRY_AFTER_S = 1;

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
  const fast = await tryFastRotation(ctx, parsed, now);
  if (fast !== undefined && 'rotated' in fast) return rotated(ctx, fast.rotated, context, now);
  // The fast path's failure answer is the record as the store holds it: the
  // same decision as after a read, without a second round trip.
  const session =
    fast !== undefined
      ? fast.session
      : await storeCall(() => ctx.store.getSession(parsed.sessionId, now));
  if (!session) throw fail(ctx, 'unknown_token', { context });
  const who = { subject: session.subject, sessionId: session.id, context };
  // A generation the session never reached, or the right generation with a
  // wrong secret, is refused without touching the session: whoever sent it
  // does not hold a token, so it says nothing about theft.
  if (parsed.generation > session.generation) throw fail(ctx, 'wrong_secret', who);
  if (parsed.generation < session.generation) {
    // A fast-path loser that raced the rotation is the regular path's CAS loser.
    const raced = fast !== undefined && 'racedRotation' in fast && fast.racedRotation;
    const kind = raced ? 'concurrent_request' : 'replay_within_grace';
    return olderToken(ctx, parsed, session, who, kind);
  }
  if (!(await secretMatches(parsed.secret, session.secretHash))) {
    throw fail(ctx, 'wrong_secret', who);
  }
  checkSession(ctx, session, who);
  if (rulesNeedRecord(ctx)) await checkRules(ctx, session, who);
  return rotate(ctx, parsed, session, who);
}

async function rotate(
  ctx: EngineContext,
  parsed: ParsedRefreshToken,
  session: SessionRecord,
  who: Who,
): Promise<RefreshTokenGrant> {
  // Read before the swap: a logout-all after it outdates this version, one before it fails the swap.
  const tokenVersion = await readTokenVersion(ctx, session.subject);
  const successor = await ctx.derive(parsed);
  const secretHash = await digestSecret(successor.secret);
  // Whatever the caller still needs to build its answer, before the swap:
  // a failure after it would leave the client holding a rotated token.
  await ctx.beforeRotate?.(session.subject);
  const now = ctx.clock();
  const result = await storeCall(() =>
    ctx.store.rotate({
      sessionId: session.id,
      generation: session.generation,
      secretHash,
      rotatedAt: now,
      idleExpiresAt: Math.min(now + ctx.refreshTtlMs, session.absoluteExpiresAt),
    }),
  );
  if (result.ok) {
    return rotated(ctx, { successor, session: result.session, tokenVersion }, who.context, now);
  }
  if (result.reason === 'not_found') throw fail(ctx, 'unknown_token', who);
  if (result.reason === 'revoked') throw fail(ctx, 'revoked', who);
  // Lost the compare-and-swap to a concurrent request: the token is now an
  // older one, under the same rules as a replay.
  return olderToken(ctx, parsed, result.session, who, 'concurrent_request', tokenVersion);
}

/** A successful rotation: the event, then the grant. */
function rotated(
  ctx: EngineContext,
  rotation: FastRotation,
  context: DeviceContext | undefined,
  now: number,
): RefreshTokenGrant {
  const s = rotation.session;
  ctx.emit({
    type: 'refresh',
    subject: s.subject,
    ...sessionRef(s.id),
    generation: s.generation,
    context,
    at: now,
  });
  return toGrant(rotation.successor, s, now, rotation.tokenVersion);
}

/** A token older than the session's current generation: proven genuine first. */
async function olderToken(
  ctx: EngineContext,
  parsed: ParsedRefreshToken,
  session: SessionRecord,
  who: Who,
  kind: GraceReplayReason,
  tokenVersion?: number,
): Promise<RefreshTokenGrant> {
  const proof = await proveOlderToken(ctx.derive, parsed, session, ctx.reuseLookback);
  // Too old to prove cheaply: refusing without revoking bounds what a forged
  // token can cost us; the residual risk is documented with `reuseLookback`.
  if (proof.kind === 'beyond_lookback') throw fail(ctx, 'beyond_lookback', who);
  // Forged, or rotated by an instance with another rotationKey: never revoke.
  if (proof.kind === 'forged') throw fail(ctx, 'wrong_secret', who);
  checkSession(ctx, session, who);
  // Reuse before the device rules: a genuine token that is no grace candidate
  // proves a leak whichever device sends it, and a thief on another device
  // must not turn theft into a mere step-up prompt (or a refusal) that
  // leaves the session standing. The rules judge only what could be served.
  const refused = refusalOf(ctx, parsed, session, ctx.clock());
  if (refused) return reuse(ctx, session, refused, who.context);
  if (rulesNeedRecord(ctx)) await checkRules(ctx, session, who);
  return serveGraceReplay(ctx, proof.current, session, who, kind, tokenVersion);
}

/**
 * A genuine older token that `refusalOf` let through: the immediate parent of
 * the session's current token, inside the window measured from its rotation,
 * gets the same successor back (DESIGN decision 6). Requests
 * that lost the CAS race (`concurrent_request`) were in flight before the
 * rotation committed, so they do not count against the replay cap; replays
 * that arrive after it do. Over the cap the replay is refused but never
 * revokes: inside the window the parent is what an honest page with many
 * requests in flight sends, and a thief inside the window only joins the
 * family anyway (the next rotation by either side makes the other's token
 * reuse).
 */
async function serveGraceReplay(
  ctx: EngineContext,
  current: ParsedRefreshToken,
  session: SessionRecord,
  who: Who,
  kind: GraceReplayReason,
  readVersion?: number,
): Promise<RefreshTokenGrant> {
  const now = ctx.clock();
  // Before the claim, which checks atomically that the session is still active.
  const tokenVersion = readVersion ?? (await readTokenVersion(ctx, session.subject));
  let served = session;
  if (kind === 'replay_within_grace') {
    // Before the claim, which counts against the replay cap (see rotate()).
    await ctx.beforeRotate?.(session.subject);
    const claim = await storeCall(() =>
      ctx.store.claimGraceReplay(
        { sessionId: session.id, generation: session.generation, maxReplays: ctx.maxGraceReplays },
        now,
      ),
    );
    if (!claim.ok) {
      if (claim.reason === 'revoked') throw fail(ctx, 'revoked', who);
      if (claim.reason === 'not_found') throw fail(ctx, 'unknown_token', who);
      if (claim.reason === 'cap_exceeded') throw fail(ctx, 'grace_cap_exceeded', who);
      // `superseded`: rotated again since our read, so the token is now older than g − 1.
      return reuse(ctx, session, 'older_generation', who.context);
    }
    served = claim.session;
  }
  ctx.emit({
    type: 'refresh.grace_replay',
    subject: served.subject,
    ...sessionRef(served.id),
    reason: kind,
    context: who.context,
    at: now,
  });
  return toGrant(current, served, now, tokenVersion);
}

function refusalOf(
  ctx: EngineContext,
  parsed: ParsedRefreshToken,
  session: SessionRecord,
  now: number,
): ReuseReason | null {
  if (parsed.generation !== session.generation - 1) return 'older_generation';
  if (ctx.reuseGraceMs === 0) return 'grace_disabled';
  // A rotatedAt slightly in the future (clock skew between instances) counts as inside.
  if (session.rotatedAt === null || now - session.rotatedAt >= ctx.reuseGraceMs) {
    return 'outside_grace_window';
  }
  return null;
}

async function reuse(
  ctx: EngineContext,
  session: SessionRecord,
  reason: ReuseReason,
  context: DeviceContext | undefined,
): Promise<never> {
  const at = ctx.clock();
  const revokedFamilies = await storeCall(async () => {
    if (ctx.onReuse === 'family') return (await ctx.store.revokeSession(session.id, at)) ? 1 : 0;
    const count = await ctx.store.revokeSubject(session.subject, at);
    await bumpTokenVersion(ctx, session.subject, at);
    return count;
  });
  ctx.emit({
    type: 'refresh.reuse_detected',
    subject: session.subject,
    ...sessionRef(session.id),
    reason,
    scope: ctx.onReuse,
    revokedFamilies,
    context,
    at,
  });
  throw new AuthError('REFRESH_TOKEN_REUSED');
}

function checkSession(ctx: EngineContext, session: SessionRecord, who: Who): void {
  if (session.status === 'revoked') throw fail(ctx, 'revoked', who);
  const expired = expiryOf(session, ctx.clock());
  if (expired) throw fail(ctx, expired, who);
}

// The rules (deviceBinding, refreshPolicy) judge the stored record: with
// either configured, a refresh reads the session before it rotates. A
// refusing rule never revokes: on `step-up` the client's token stays current.
async function checkRules(ctx: EngineContext, session: SessionRecord, who: Who): Promise<void> {
  const refused = await refusingRule(ctx, session, who.context);
  if (refused) throw fail(ctx, refused.reason, who, refused);
}

function fail(
  ctx: EngineContext,
  reason: RefreshFailureReason,
  who: Who,
  rule?: RuleRefusal,
): AuthError {
  ctx.emit({
    type: 'refresh.failed',
    reason,
    ...(rule ? { rule: rule.rule, decision: rule.decision } : {}),
    subject: who.subject,
    ...(who.sessionId === undefined ? {} : sessionRef(who.sessionId)),
    context: who.context,
    at: ctx.clock(),
  });
  if (reason === 'grace_cap_exceeded') {
    return new AuthError('RATE_LIMITED', { retryAfter: GRACE_CAP_RETRY_AFTER_S });
  }
  return new AuthError(FAILURE_CODES[reason]);
}
