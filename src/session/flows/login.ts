/**
 * The login flow: a new session and its first refresh token (generation 0,
 * random secret), written to the store in one call.
 * @module
 */
import { nonEmptyString } from '../../core/options.js';
import {
  type EngineContext,
  RECORD_RETENTION_MS,
  readTokenVersion,
  sessionRef,
  toGrant,
} from '../engine-context.js';
import { methodList } from '../amr.js';
import { storeCall } from '../guards.js';
import { digestSecret } from '../refresh-token/secret-digest.js';
import { firstToken, generateSessionId } from '../refresh-token/token-format.js';
import type { SessionRecord } from '../store.js';
import type { LoginInput, RefreshTokenGrant } from '../types.js';

/** Starts a session for `input.subject` and returns its first refresh token. */
export async function login(ctx: EngineContext, input: LoginInput): Promise<RefreshTokenGrant> {
  nonEmptyString(input?.subject, 'login subject');
  const amr = methodList(input.amr, 'login amr');
  const token = firstToken(generateSessionId(input.subject));
  // Read before the session exists: a logout-all between the two either
  // revokes nothing of ours and bumps past this version (the token is
  // refused in `version` mode, a refresh mends it), or ran entirely before.
  const tokenVersion = await readTokenVersion(ctx, input.subject);
  const now = ctx.clock();
  const absoluteExpiresAt = now + ctx.absoluteTtlMs;
  const session: SessionRecord = {
    id: token.sessionId,
    subject: input.subject,
    status: 'active',
    createdAt: now,
    lastUsedAt: now,
    idleExpiresAt: Math.min(now + ctx.refreshTtlMs, absoluteExpiresAt),
    absoluteExpiresAt,
    generation: 0,
    secretHash: await digestSecret(token.secret),
    rotatedAt: null,
    graceReplays: 0,
    revokedAt: null,
    device: input.context ? { ...input.context } : null,
    authTime: now,
    amr,
    expiresAt: absoluteExpiresAt + RECORD_RETENTION_MS,
  };
  await storeCall(() => ctx.store.createSession(session));
  ctx.emit({
    type: 'login',
    subject: session.subject,
    ...sessionRef(session.id),
    context: input.context,
    at: now,
  });
  return toGrant(token, session, now, tokenVersion);
}
