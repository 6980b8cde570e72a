/**
 * What the engine's flows share: resolved options, the successor deriver and
 * the event emitter, plus the small readings of a session every flow makes.
 * @module
 */
import type { AuthEvent } from './events.js';
import { emitSafely, storeCall } from './guards.js';
import { proveOlderToken } from './refresh-token/chain.js';
import { secretMatches } from './refresh-token/secret-digest.js';
import { createSuccessorDeriver, type SuccessorDeriver } from './refresh-token/successor.js';
import type { ParsedRefreshToken } from './refresh-token/token-format.js';
import type { SessionRecord } from './store.js';
import type { RefreshTokenGrant, ResolvedEngineOptions } from './types.js';
import { createRotationRaces, type RotationRaces } from './rotation-races.js';
import { createVersionCache, type VersionCache } from './version-cache.js';

/**
 * How long the store keeps a session's record after its absolute end (ms): a
 * late client still gets `REFRESH_TOKEN_EXPIRED` or `SESSION_REVOKED` (not
 * `INVALID`), while memory stays bounded.
 */
export const RECORD_RETENTION_MS = 86_400_000;

export interface EngineContext extends ResolvedEngineOptions {
  readonly derive: SuccessorDeriver;
  /** Token versions read for `version`-mode verification, when `versionCacheTtl` > 0. */
  readonly versionCache: VersionCache | undefined;
  /** Fast-path refreshes in flight, to tell a racer of a rotation from a replay. */
  readonly races: RotationRaces;
  /** The caller's `RefreshOptions.beforeRotate`, on the context of one refresh only. */
  readonly beforeRotate?: (subject: string) => void | Promise<void>;
  emit(event: AuthEvent): void;
}

export function createContext(options: ResolvedEngineOptions): EngineContext {
  return {
    ...options,
    derive: createSuccessorDeriver(options.rotationKey),
    versionCache:
      options.versionCacheTtlMs > 0 ? createVersionCache(options.versionCacheTtlMs) : undefined,
    races: createRotationRaces(),
    emit: (event) => emitSafely(options.onEvent, event),
  };
}

/**
 * The subject's token version from the store, for a token about to be
 * issued: always read, never cached, so a fresh token never carries a
 * version this process has not seen the store hold.
 */
export function readTokenVersion(ctx: EngineContext, subject: string): Promise<number> {
  const now = ctx.clock();
  return storeCall(() => ctx.store.getTokenVersion(subject, now));
}

/**
 * Bumps the subject's token version and tells this process's cache at once.
 * The record outlives, by the record retention, every session that can still
 * issue a token with the new version (all start after the bump and end
 * within `absoluteTtl`), so an expired record reading 0 can never make an
 * old `ver` current again while a token carrying it lives.
 */
export async function bumpTokenVersion(
  ctx: EngineContext,
  subject: string,
  at: number,
): Promise<number> {
  const expiresAt = at + ctx.absoluteTtlMs + RECORD_RETENTION_MS;
  const version = await ctx.store.bumpTokenVersion(subject, expiresAt, at);
  ctx.versionCache?.set(subject, version, at);
  return version;
}

/** The session fields of an event: `sessionId`, and `familyId` while it is deprecated. */
export function sessionRef(sessionId: string): { sessionId: string; familyId: string } {
  return { sessionId, familyId: sessionId };
}

export function toGrant(
  token: ParsedRefreshToken,
  session: SessionRecord,
  now: number,
  tokenVersion: number,
): RefreshTokenGrant {
  const expiresAt = Math.min(session.idleExpiresAt, session.absoluteExpiresAt);
  const { authTime, amr } = authenticationOf(session);
  return {
    refreshToken: token.token,
    // Not spread from sessionRef: this runs on every refresh.
    sessionId: session.id,
    familyId: session.id,
    subject: session.subject,
    generation: session.generation,
    expiresAt,
    expiresIn: Math.max(0, Math.floor((expiresAt - now) / 1000)),
    absoluteExpiresAt: session.absoluteExpiresAt,
    device: session.device,
    tokenVersion,
    authTime,
    amr,
  };
}

/**
 * When and how the session's user last authenticated. Records written
 * before tokenwarden stored it read as authenticated at login (`createdAt`)
 * with no known method (`[]`), which satisfies no `amr` requirement.
 */
export function authenticationOf(session: SessionRecord): {
  authTime: number;
  amr: readonly string[];
} {
  return { authTime: session.authTime ?? session.createdAt, amr: session.amr ?? [] };
}

/**
 * Whether `token` was really issued for `session`: the current generation
 * by its digest, an older one by re-deriving its chain (within the
 * look-back). `beyond_lookback` when it is too old to tell.
 */
export async function tokenStanding(
  ctx: EngineContext,
  token: ParsedRefreshToken,
  session: SessionRecord,
): Promise<'current' | 'older' | 'forged' | 'beyond_lookback'> {
  if (token.generation > session.generation) return 'forged';
  if (token.generation === session.generation) {
    return (await secretMatches(token.secret, session.secretHash)) ? 'current' : 'forged';
  }
  const proof = await proveOlderToken(ctx.derive, token, session, ctx.reuseLookback);
  return proof.kind === 'genuine' ? 'older' : proof.kind;
}

/** `expired_idle` / `expired_absolute` when the session cannot be used at `now` (ms), else `null`. */
export function expiryOf(
  session: SessionRecord,
  now: number,
): 'expired_idle' | 'expired_absolute' | null {
  if (now >= session.absoluteExpiresAt) return 'expired_absolute';
  if (now >= session.idleExpiresAt) return 'expired_idle';
  return null;
}

/** `true` when the session exists, is active and is not expired at `now` (ms). */
export function isActive(session: SessionRecord | null, now: number): boolean {
  return session !== null && session.status === 'active' && expiryOf(session, now) === null;
}
