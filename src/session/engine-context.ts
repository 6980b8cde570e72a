/**
 * What the engine's flows share: validated options, the successor deriver and
 * the event emitter. Also the result shape every flow that hands out a
 * refresh token returns.
 * @module
 */
import type { AuthEvent, DeviceContext } from './events.js';
import type { FamilyRecord } from './store.js';
import { createSuccessorDeriver, type SuccessorDeriver } from './refresh-token/successor.js';
import type { ParsedRefreshToken } from './refresh-token/token-format.js';
import { emitSafely } from './guards.js';
import type { ResolvedOptions } from './engine-options.js';

/**
 * How long the store keeps a family's records after its absolute end: a late
 * client still gets `REFRESH_TOKEN_EXPIRED` (not `INVALID`), and an old token
 * still reads as reuse, while memory stays bounded.
 */
export const RECORD_RETENTION_MS = 86_400_000;

export interface EngineContext extends ResolvedOptions {
  readonly derive: SuccessorDeriver;
  emit(event: AuthEvent): void;
}

export function createContext(options: ResolvedOptions): EngineContext {
  return {
    ...options,
    derive: createSuccessorDeriver(options.rotationKey),
    emit: (event) => emitSafely(options.onEvent, event),
  };
}

/**
 * A refresh token handed to the client, with what the caller needs for the
 * cookie and the access token. Times are milliseconds since the epoch.
 *
 * @example
 * ```ts
 * const { refreshToken, familyId, expiresIn } = await engine.refresh(cookieValue);
 * res.cookie('rt', refreshToken, { maxAge: expiresIn * 1000, httpOnly: true });
 * ```
 */
export interface RefreshTokenGrant {
  /** The opaque `id.secret` token: put it in the refresh cookie, nowhere else. */
  readonly refreshToken: string;
  /** The session (family) id: the access token's `sid`. */
  readonly familyId: string;
  readonly subject: string;
  /** 0 at login, +1 per rotation. */
  readonly generation: number;
  /** When this token stops working if unused: the earlier of idle and absolute expiry. */
  readonly expiresAt: number;
  /** Seconds until `expiresAt`, rounded down: the cookie's `Max-Age`. */
  readonly expiresIn: number;
  /** When the family dies whatever its activity. */
  readonly absoluteExpiresAt: number;
  /** The device context stored at login. */
  readonly device: DeviceContext | null;
}

export function toGrant(
  token: ParsedRefreshToken,
  family: FamilyRecord,
  now: number,
): RefreshTokenGrant {
  const expiresAt = Math.min(family.idleExpiresAt, family.absoluteExpiresAt);
  return {
    refreshToken: token.token,
    familyId: family.id,
    subject: family.subject,
    generation: family.generation,
    expiresAt,
    expiresIn: Math.max(0, Math.floor((expiresAt - now) / 1000)),
    absoluteExpiresAt: family.absoluteExpiresAt,
    device: family.device,
  };
}

/** `expired_idle` / `expired_absolute` when the family cannot be used at `now`, else `null`. */
export function expiryOf(
  family: FamilyRecord,
  now: number,
): 'expired_idle' | 'expired_absolute' | null {
  if (now >= family.absoluteExpiresAt) return 'expired_absolute';
  if (now >= family.idleExpiresAt) return 'expired_idle';
  return null;
}
