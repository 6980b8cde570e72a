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
  const families = await storeCall(() => ctx.store.listFamilies(subject, now));
  return families
    .filter((family) => isActive(family, now))
    .sort((a, b) => b.lastUsedAt - a.lastUsedAt)
    .map((family) => ({
      sessionId: family.id,
      id: family.id,
      createdAt: family.createdAt,
      lastUsedAt: family.lastUsedAt,
      expiresAt: Math.min(family.idleExpiresAt, family.absoluteExpiresAt),
      absoluteExpiresAt: family.absoluteExpiresAt,
      device: family.device,
    }));
}
