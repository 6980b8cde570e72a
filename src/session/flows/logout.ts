/**
 * Ending one session: by its refresh token (logout) or by its id on behalf
 * of its subject (revoking a session from a session list).
 * @module
 */
import { type EngineContext, sessionRef, tokenStanding } from '../engine-context.js';
import type { DeviceContext } from '../events.js';
import { storeCall } from '../guards.js';
import { parseRefreshToken } from '../refresh-token/token-format.js';

/**
 * Revokes the session of a presented refresh token: its current one, or an
 * older one proven genuine by its chain. `false` for a bad token or an
 * ended session.
 */
export async function logout(
  ctx: EngineContext,
  presented: unknown,
  context: DeviceContext | undefined,
): Promise<boolean> {
  const parsed = parseRefreshToken(presented);
  if (!parsed) return false;
  const now = ctx.clock();
  const session = await storeCall(() => ctx.store.getSession(parsed.sessionId, now));
  if (!session) return false;
  const standing = await tokenStanding(ctx, parsed, session);
  if (standing !== 'current' && standing !== 'older') return false;
  const revoked = await storeCall(() => ctx.store.revokeSession(session.id, now));
  if (revoked) {
    ctx.emit({
      type: 'logout',
      subject: session.subject,
      ...sessionRef(session.id),
      context,
      at: now,
    });
  }
  return revoked;
}

// Unknown and foreign sessions answer the same `false`: never reveal that a
// session id exists for someone else.
/** Revokes one of `subject`'s sessions; `false` for an unknown, ended or foreign one. */
export async function revokeSession(
  ctx: EngineContext,
  subject: string,
  sessionId: string,
): Promise<boolean> {
  const now = ctx.clock();
  const session = await storeCall(() => ctx.store.getSession(sessionId, now));
  if (!session || session.subject !== subject) return false;
  const revoked = await storeCall(() => ctx.store.revokeSession(sessionId, now));
  if (revoked) {
    ctx.emit({
      type: 'session.revoked',
      subject,
      ...sessionRef(sessionId),
      reason: 'revoked_by_user',
      at: now,
    });
  }
  return revoked;
}
