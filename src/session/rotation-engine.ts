/**
 * The session layer's face: {@link buildEngine} composes the flows in
 * `flows/` (login, refresh, logout and revoke, logout-all, session listing,
 * access-revocation checks) over options resolved once by
 * {@link resolveEngineOptions}. It knows no concrete store: the public
 * `createRotationEngine` (in the composition layer, `src/auth/`) picks the
 * default one.
 *
 * @example
 * ```ts
 * const resolved = resolveEngineOptions(options, { defaultStore: () => new MemoryStore() });
 * const engine = buildEngine(resolved);
 * const { refreshToken, sessionId } = await engine.login({ subject: user.id });
 * ```
 * @module
 */
import { createContext } from './engine-context.js';
import {
  getTokenVersion,
  denyJti,
  isAccessRevoked,
  isJtiDenied,
  isSessionActive,
} from './flows/access-revocation.js';
import { login } from './flows/login.js';
import { logoutAll } from './flows/logout-all.js';
import { logout, revokeSession } from './flows/logout.js';
import { refresh } from './flows/refresh.js';
import { listSessions } from './flows/sessions.js';
import { sessionOfRefreshToken, stepUp } from './flows/step-up.js';
import type { ResolvedEngineOptions, RotationEngine } from './types.js';

export { resolveEngineOptions } from './engine-options.js';
export type { EngineResolution } from './engine-options.js';
export type {
  AccessRevocation,
  AccessRevocationClaims,
  DeviceBinding,
  EngineOptionNames,
  LoginInput,
  LogoutAllResult,
  PolicySession,
  RefreshDecision,
  RefreshOptions,
  RefreshPolicy,
  RefreshTokenGrant,
  ResolvedEngineOptions,
  RotationEngine,
  RotationEngineOptions,
  SessionInfo,
  StepUpGrant,
  StepUpInput,
} from './types.js';

/**
 * Builds a rotation engine from options resolved by `resolveEngineOptions`.
 * Bad tokens reject with an `AuthError`; the options were checked already.
 *
 * @example
 * ```ts
 * const engine = buildEngine(resolveEngineOptions({ reuseGrace: '5s' }, { defaultStore: () => new MemoryStore() }));
 * const grant = await engine.login({ subject: 'user-1' });
 * ```
 */
export function buildEngine(resolved: ResolvedEngineOptions): RotationEngine {
  const ctx = createContext(resolved);
  return {
    login: (input) => login(ctx, input),
    refresh: (token, options = {}) =>
      refresh(
        options.beforeRotate ? { ...ctx, beforeRotate: options.beforeRotate } : ctx,
        token,
        options.context,
      ),
    logout: (token, options = {}) => logout(ctx, token, options.context),
    stepUp: (input) => stepUp(ctx, input),
    sessionOfRefreshToken: (token) => sessionOfRefreshToken(ctx, token),
    logoutAll: (subject) => logoutAll(ctx, subject),
    listSessions: (subject) => listSessions(ctx, subject),
    revokeSession: (subject, sessionId) => revokeSession(ctx, subject, sessionId),
    isSessionActive: (sessionId) => isSessionActive(ctx, sessionId),
    denyJti: (jti, exp) => denyJti(ctx, jti, exp),
    isJtiDenied: (jti) => isJtiDenied(ctx, jti),
    isAccessRevoked: (claims) => isAccessRevoked(ctx, claims),
    getTokenVersion: (subject) => getTokenVersion(ctx, subject),
    accessRevocation: ctx.accessRevocation,
  };
}
