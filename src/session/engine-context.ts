/**
 * What the engine's flows share: resolved options, the successor deriver and
 * the event emitter, plus the small readings of a family every flow makes.
 * @module
 */
import type { AuthEvent } from './events.js';
import type { FamilyRecord } from './store.js';
import { createSuccessorDeriver, type SuccessorDeriver } from './refresh-token/successor.js';
import type { ParsedRefreshToken } from './refresh-token/token-format.js';
import { emitSafely } from './guards.js';
import type { RefreshTokenGrant, ResolvedEngineOptions } from './types.js';

/**
 * How long the store keeps a family's records after its absolute end (ms): a
 * late client still gets `REFRESH_TOKEN_EXPIRED` (not `INVALID`), and an old
 * token still reads as reuse, while memory stays bounded.
 */
export const RECORD_RETENTION_MS = 86_400_000;

export interface EngineContext extends ResolvedEngineOptions {
  readonly derive: SuccessorDeriver;
  emit(event: AuthEvent): void;
}

export function createContext(options: ResolvedEngineOptions): EngineContext {
  return {
    ...options,
    derive: createSuccessorDeriver(options.rotationKey),
    emit: (event) => emitSafely(options.onEvent, event),
  };
}

/** The session fields of an event: `sessionId`, and `familyId` while it is deprecated. */
export function sessionRef(sessionId: string): { sessionId: string; familyId: string } {
  return { sessionId, familyId: sessionId };
}

export function toGrant(
  token: ParsedRefreshToken,
  family: FamilyRecord,
  now: number,
): RefreshTokenGrant {
  const expiresAt = Math.min(family.idleExpiresAt, family.absoluteExpiresAt);
  return {
    refreshToken: token.token,
    ...sessionRef(family.id),
    subject: family.subject,
    generation: family.generation,
    expiresAt,
    expiresIn: Math.max(0, Math.floor((expiresAt - now) / 1000)),
    absoluteExpiresAt: family.absoluteExpiresAt,
    device: family.device,
  };
}

/** `expired_idle` / `expired_absolute` when the family cannot be used at `now` (ms), else `null`. */
export function expiryOf(
  family: FamilyRecord,
  now: number,
): 'expired_idle' | 'expired_absolute' | null {
  if (now >= family.absoluteExpiresAt) return 'expired_absolute';
  if (now >= family.idleExpiresAt) return 'expired_idle';
  return null;
}

/** `true` when the family exists, is active and is not expired at `now` (ms). */
export function isActive(family: FamilyRecord | null, now: number): boolean {
  return family !== null && family.status === 'active' && expiryOf(family, now) === null;
}
