/**
 * `createRotationEngine`: refresh-token families with rotation, reuse
 * detection and a grace window for benign races (DESIGN decisions 3-7).
 * It owns refresh tokens only; access tokens are the issuer's job, and the
 * engine answers the questions their revocation modes ask.
 *
 * @example
 * ```ts
 * import { createRotationEngine, MemoryStore } from 'tokenwarden';
 *
 * const engine = createRotationEngine({ store: new MemoryStore(), rotationKey: process.env.ROTATION_KEY });
 * const { refreshToken, familyId } = await engine.login({ subject: user.id, context: { userAgent } });
 * const next = await engine.refresh(refreshTokenFromCookie, { context: { userAgent } });
 * ```
 * @module
 */
import type { DeviceContext } from './events.js';
import {
  type EngineContext,
  createContext,
  expiryOf,
  RECORD_RETENTION_MS,
  type RefreshTokenGrant,
  toGrant,
} from './engine-context.js';
import { nonEmptyString } from '../core/options.js';
import { storeCall } from './guards.js';
import {
  type AccessRevocation,
  type RotationEngineOptions,
  resolveOptions,
} from './engine-options.js';
import { refresh } from './flows/refresh.js';
import { digestSecret, secretMatches } from './refresh-token/secret-digest.js';
import { generateRefreshToken, parseRefreshToken } from './refresh-token/token-format.js';
import type { FamilyRecord } from './store.js';

export type {
  AccessRevocation,
  DeviceBinding,
  RotationEngineOptions,
} from './engine-options.js';
export type { RefreshTokenGrant } from './engine-context.js';

/**
 * Input of {@link RotationEngine.login}.
 *
 * @example
 * ```ts
 * await engine.login({ subject: user.id, context: { userAgent: req.get('user-agent') } });
 * ```
 */
export interface LoginInput {
  /** Who logged in (user id). */
  subject: string;
  /** Device context stored with the family (user agent, IP, …). */
  context?: DeviceContext;
}

/**
 * Options of {@link RotationEngine.refresh}.
 *
 * @example
 * ```ts
 * await engine.refresh(cookieValue, { context: { userAgent: req.get('user-agent') } });
 * ```
 */
export interface RefreshOptions {
  /** Context of the refreshing request, for `deviceBinding` and events. */
  context?: DeviceContext;
}

/**
 * One active session (family) as `listSessions` reports it. Times in ms since the epoch.
 *
 * @example
 * ```ts
 * for (const s of await engine.listSessions(user.id)) console.log(s.id, s.device?.userAgent, new Date(s.lastUsedAt));
 * ```
 */
export interface SessionInfo {
  readonly id: string;
  readonly createdAt: number;
  readonly lastUsedAt: number;
  /** Earlier of idle and absolute expiry. */
  readonly expiresAt: number;
  readonly absoluteExpiresAt: number;
  readonly device: DeviceContext | null;
}

/**
 * What {@link RotationEngine.logoutAll} did.
 *
 * @example
 * ```ts
 * const { revokedFamilies, tokenVersion } = await engine.logoutAll(user.id);
 * ```
 */
export interface LogoutAllResult {
  readonly revokedFamilies: number;
  /** The subject's new token version. */
  readonly tokenVersion: number;
}

/**
 * The engine returned by {@link createRotationEngine}.
 *
 * @example
 * ```ts
 * const engine: RotationEngine = createRotationEngine();
 * const grant = await engine.login({ subject: 'user-1' });
 * ```
 */
export interface RotationEngine {
  /** Starts a family and returns its first refresh token. */
  login(input: LoginInput): Promise<RefreshTokenGrant>;
  /**
   * Rotates a refresh token. Rejects with `REFRESH_TOKEN_INVALID`,
   * `REFRESH_TOKEN_EXPIRED`, `REFRESH_TOKEN_REUSED` (the family, or every
   * family of the subject, is then revoked), `SESSION_REVOKED` or
   * `STORE_UNAVAILABLE`, nothing else.
   */
  refresh(token: unknown, options?: RefreshOptions): Promise<RefreshTokenGrant>;
  /** Revokes the family of a refresh token. `false` when the token is not a valid one or the family already ended. */
  logout(token: unknown, options?: RefreshOptions): Promise<boolean>;
  /** Revokes every family of the subject and bumps its token version. */
  logoutAll(subject: string): Promise<LogoutAllResult>;
  /** The subject's active sessions, most recently used first. */
  listSessions(subject: string): Promise<SessionInfo[]>;
  /** Revokes one of the subject's sessions. `false` for an unknown, ended or other subject's family. */
  revokeSession(subject: string, familyId: string): Promise<boolean>;
  /** `true` when the family exists, is active and has not expired. */
  isSessionActive(familyId: string): Promise<boolean>;
  /** Denylists an access token's `jti` until its `exp` (JWT NumericDate, seconds). */
  denyJti(jti: string, exp: number): Promise<void>;
  /** `true` while the `jti` is denylisted. */
  isJtiDenied(jti: string): Promise<boolean>;
  /** Applies the `accessRevocation` mode to a verified access token's `sid` and `jti`. */
  isAccessRevoked(claims: { sid?: string; jti?: string }): Promise<boolean>;
  /** The subject's token version (0 until the first logout-all). */
  getTokenVersion(subject: string): Promise<number>;
  /** The configured access-token revocation mode. */
  readonly accessRevocation: AccessRevocation;
}

/**
 * Creates a rotation engine. Bad options throw a `TypeError` now; bad tokens
 * later reject with an `AuthError`.
 *
 * @example
 * ```ts
 * const engine = createRotationEngine({ reuseGrace: '5s', onReuse: 'subject', onEvent: console.log });
 * const grant = await engine.login({ subject: 'user-1' });
 * const next = await engine.refresh(grant.refreshToken);
 * await engine.refresh(grant.refreshToken); // inside 5 s: the same `next.refreshToken`
 * ```
 */
export function createRotationEngine(options: RotationEngineOptions = {}): RotationEngine {
  const ctx = createContext(resolveOptions(options));
  return {
    login: (input) => login(ctx, input),
    refresh: (token, opts = {}) => refresh(ctx, token, opts.context),
    logout: (token, opts = {}) => logout(ctx, token, opts.context),
    logoutAll: (subject) => logoutAll(ctx, subject),
    listSessions: (subject) => listSessions(ctx, subject),
    revokeSession: (subject, familyId) => revokeSession(ctx, subject, familyId),
    isSessionActive: async (familyId) =>
      isActive(ctx, await storeCall(() => ctx.store.getFamily(familyId))),
    denyJti: (jti, exp) => denyJti(ctx, jti, exp),
    isJtiDenied: (jti) => storeCall(() => ctx.store.isJtiDenied(jti)),
    isAccessRevoked: (claims) => isAccessRevoked(ctx, claims),
    getTokenVersion: (subject) => storeCall(() => ctx.store.getTokenVersion(subject)),
    accessRevocation: ctx.accessRevocation,
  };
}

async function login(ctx: EngineContext, input: LoginInput): Promise<RefreshTokenGrant> {
  nonEmptyString(input?.subject, 'login subject');
  const token = generateRefreshToken();
  const familyId = generateRefreshToken().id;
  const now = ctx.clock();
  const absoluteExpiresAt = now + ctx.absoluteTtlMs;
  const expiresAt = absoluteExpiresAt + RECORD_RETENTION_MS;
  const family: FamilyRecord = {
    id: familyId,
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
      familyId,
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
  ctx.emit({ type: 'login', subject: family.subject, familyId, context: input.context, at: now });
  return toGrant(token, family, now);
}

async function logout(
  ctx: EngineContext,
  presented: unknown,
  context: DeviceContext | undefined,
): Promise<boolean> {
  const parsed = parseRefreshToken(presented);
  if (!parsed) return false;
  const found = await storeCall(() => ctx.store.findToken(parsed.id));
  if (!found || !(await secretMatches(parsed.secret, found.token.secretHash))) return false;
  const { family } = found;
  const now = ctx.clock();
  const revoked = await storeCall(() => ctx.store.revokeFamily(family.id, now));
  if (revoked)
    ctx.emit({ type: 'logout', subject: family.subject, familyId: family.id, context, at: now });
  return revoked;
}

async function logoutAll(ctx: EngineContext, subject: string): Promise<LogoutAllResult> {
  const now = ctx.clock();
  // The version record outlives every family minted before the bump.
  const [revokedFamilies, tokenVersion] = await storeCall(async () => [
    await ctx.store.revokeSubject(subject, now),
    await ctx.store.bumpTokenVersion(subject, now + ctx.absoluteTtlMs),
  ]);
  ctx.emit({ type: 'logout_all', subject, revokedFamilies, tokenVersion, at: now });
  return { revokedFamilies, tokenVersion };
}

async function listSessions(ctx: EngineContext, subject: string): Promise<SessionInfo[]> {
  const families = await storeCall(() => ctx.store.listFamilies(subject));
  return families
    .filter((family) => isActive(ctx, family))
    .sort((a, b) => b.lastUsedAt - a.lastUsedAt)
    .map((family) => ({
      id: family.id,
      createdAt: family.createdAt,
      lastUsedAt: family.lastUsedAt,
      expiresAt: Math.min(family.idleExpiresAt, family.absoluteExpiresAt),
      absoluteExpiresAt: family.absoluteExpiresAt,
      device: family.device,
    }));
}

// Unknown and foreign families answer the same `false`: never reveal that a
// session id exists for someone else.
async function revokeSession(
  ctx: EngineContext,
  subject: string,
  familyId: string,
): Promise<boolean> {
  const family = await storeCall(() => ctx.store.getFamily(familyId));
  if (!family || family.subject !== subject) return false;
  const now = ctx.clock();
  const revoked = await storeCall(() => ctx.store.revokeFamily(familyId, now));
  if (revoked)
    ctx.emit({ type: 'session.revoked', subject, familyId, reason: 'revoked_by_user', at: now });
  return revoked;
}

async function denyJti(ctx: EngineContext, jti: string, exp: number): Promise<void> {
  if (typeof jti !== 'string' || jti === '' || !Number.isFinite(exp)) {
    throw new TypeError('tokenwarden: denyJti needs a non-empty jti and a numeric exp');
  }
  await storeCall(() => ctx.store.denyJti(jti, exp * 1000));
}

async function isAccessRevoked(
  ctx: EngineContext,
  claims: { sid?: string; jti?: string },
): Promise<boolean> {
  if (ctx.accessRevocation === 'none') return false;
  if (ctx.accessRevocation === 'session') {
    // A token without a session cannot be checked, so it cannot pass the check.
    if (typeof claims.sid !== 'string') return true;
    const sid = claims.sid;
    return !isActive(ctx, await storeCall(() => ctx.store.getFamily(sid)));
  }
  if (typeof claims.jti !== 'string') return true;
  const jti = claims.jti;
  return storeCall(() => ctx.store.isJtiDenied(jti));
}

function isActive(ctx: EngineContext, family: FamilyRecord | null): boolean {
  return family !== null && family.status === 'active' && expiryOf(family, ctx.clock()) === null;
}
