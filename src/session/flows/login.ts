/**
 * The login flow: a new session (family) and its first refresh token,
 * written to the store in one call.
 * @module
 */
import { nonEmptyString } from '../../core/options.js';
import { type EngineContext, RECORD_RETENTION_MS, sessionRef, toGrant } from '../engine-context.js';
import { storeCall } from '../guards.js';
import { digestSecret } from '../refresh-token/secret-digest.js';
import { generateRefreshToken } from '../refresh-token/token-format.js';
import type { FamilyRecord } from '../store.js';
import type { LoginInput, RefreshTokenGrant } from '../types.js';

/** Starts a session for `input.subject` and returns its first refresh token. */
export async function login(ctx: EngineContext, input: LoginInput): Promise<RefreshTokenGrant> {
  nonEmptyString(input?.subject, 'login subject');
  const token = generateRefreshToken();
  const sessionId = generateRefreshToken().id;
  const now = ctx.clock();
  const absoluteExpiresAt = now + ctx.absoluteTtlMs;
  const expiresAt = absoluteExpiresAt + RECORD_RETENTION_MS;
  const family: FamilyRecord = {
    id: sessionId,
    subject: input.subject,
    status: 'active',
    createdAt: now,
    lastUsedAt: now,
    idleExpiresAt: Math.min(now + ctx.refreshTtlMs, absoluteExpiresAt),
    absoluteExpiresAt,
    generation: 0,
    currentTokenId: token.id,
    revokedAt: null,
    device: input.context ? { ...input.context } : null,
    expiresAt,
  };
  const secretHash = await digestSecret(token.secret);
  await storeCall(() =>
    ctx.store.createFamily(family, {
      id: token.id,
      sessionId,
      secretHash,
      generation: 0,
      createdAt: now,
      status: 'active',
      rotatedAt: null,
      successorId: null,
      graceReplays: 0,
      expiresAt,
    }),
  );
  ctx.emit({
    type: 'login',
    subject: family.subject,
    ...sessionRef(sessionId),
    context: input.context,
    at: now,
  });
  return toGrant(token, family, now);
}
