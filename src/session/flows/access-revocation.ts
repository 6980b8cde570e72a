/**
 * The questions an access token's revocation modes ask the store (DESIGN
 * decision 7): is its session active, is its `jti` denylisted, what is its
 * subject's token version.
 * @module
 */
import { type EngineContext, isActive, readTokenVersion } from '../engine-context.js';
import { storeCall } from '../guards.js';
import type { AccessRevocationClaims } from '../types.js';

/** `true` when the session exists, is active and has not expired. */
export async function isSessionActive(ctx: EngineContext, sessionId: string): Promise<boolean> {
  const now = ctx.clock();
  return isActive(await storeCall(() => ctx.store.getSession(sessionId, now)), now);
}

/** Denylists `jti` until `exp` (JWT NumericDate, seconds). */
export async function denyJti(ctx: EngineContext, jti: string, exp: number): Promise<void> {
  if (typeof jti !== 'string' || jti === '' || !Number.isFinite(exp)) {
    throw new TypeError('tokenwarden: denyJti needs a non-empty jti and a numeric exp');
  }
  const now = ctx.clock();
  await storeCall(() => ctx.store.denyJti(jti, exp * 1000, now));
}

/** `true` while `jti` is denylisted. */
export function isJtiDenied(ctx: EngineContext, jti: string): Promise<boolean> {
  const now = ctx.clock();
  return storeCall(() => ctx.store.isJtiDenied(jti, now));
}

/** The subject's token version (0 until the first logout-all). */
export function getTokenVersion(ctx: EngineContext, subject: string): Promise<number> {
  return readTokenVersion(ctx, subject);
}

/** The version `version` mode compares with: from the cache while it is fresh, else one store read. */
async function currentTokenVersion(ctx: EngineContext, subject: string): Promise<number> {
  const now = ctx.clock();
  const cached = ctx.versionCache?.get(subject, now);
  if (cached !== undefined) return cached;
  const version = await storeCall(() => ctx.store.getTokenVersion(subject, now));
  ctx.versionCache?.set(subject, version, now);
  return version;
}

/** Applies the `accessRevocation` mode to a verified access token's claims. */
export async function isAccessRevoked(
  ctx: EngineContext,
  claims: AccessRevocationClaims,
): Promise<boolean> {
  if (ctx.accessRevocation === 'none') return false;
  if (ctx.accessRevocation === 'session') {
    // A token without a session cannot be checked, so it cannot pass the check.
    if (typeof claims.sid !== 'string') return true;
    return !(await isSessionActive(ctx, claims.sid));
  }
  if (ctx.accessRevocation === 'version') {
    // No `ver` (a token from before this mode, or from another issuer) cannot be checked, so it fails.
    if (typeof claims.sub !== 'string' || !Number.isSafeInteger(claims.ver)) return true;
    // Not equal rather than lower: a version the store never reached is not trusted either.
    return claims.ver !== (await currentTokenVersion(ctx, claims.sub));
  }
  if (typeof claims.jti !== 'string') return true;
  return isJtiDenied(ctx, claims.jti);
}
