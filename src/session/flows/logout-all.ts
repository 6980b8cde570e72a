/**
 * Logout everywhere: every session of the subject revoked and its token
 * version bumped, so access tokens carrying the old `ver` can be refused
 * (DESIGN decision 7).
 * @module
 */
import { bumpTokenVersion, type EngineContext } from '../engine-context.js';
import { storeCall } from '../guards.js';
import type { LogoutAllResult } from '../types.js';

/** Revokes every session of `subject` and bumps its token version. */
export async function logoutAll(ctx: EngineContext, subject: string): Promise<LogoutAllResult> {
  const now = ctx.clock();
  const [revokedFamilies, tokenVersion] = await storeCall(async () => [
    await ctx.store.revokeSubject(subject, now),
    await bumpTokenVersion(ctx, subject, now),
  ]);
  ctx.emit({ type: 'logout_all', subject, revokedFamilies, tokenVersion, at: now });
  return { revokedFamilies, tokenVersion };
}
