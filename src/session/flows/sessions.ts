/**
 * Listing a subject's active sessions, most recently used first.
 * @module
 */
import { type EngineContext, isActive } from '../engine-context.js';
import { storeCall } from '../guards.js';
import type { SessionInfo } from '../types.js';

/** The subject's active sessions, most recently used first. */
export async function listSessions(ctx: EngineContext, subject: string): Promise<SessionInfo[]> {
  const now = ctx.clock();
  const sessions = await storeCall(() => ctx.store.listSessions(subject, now));
  return sessions
    .filter((session) => isActive(session, now))
    .sort((a, b) => b.lastUsedAt - a.lastUsedAt)
    .map((session) => ({
      sessionId: session.id,
      id: session.id,
      createdAt: session.createdAt,
      lastUsedAt: session.lastUsedAt,
      expiresAt: Math.min(session.idleExpiresAt, session.absoluteExpiresAt),
      absoluteExpiresAt: session.absoluteExpiresAt,
      device: session.device,
    }));
}
