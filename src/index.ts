/**
 * tokenwarden: short-lived JWT access tokens plus opaque, rotating refresh
 * tokens with reuse detection. This entry runs on any Web-Crypto runtime and
 * imports nothing from `node:`.
 * @module
 */
export { AuthError, isAuthError, ERROR_STATUS } from './errors.js';
export type { AuthErrorCode, AuthErrorOptions, ClaimFailureReason } from './errors.js';
export type { Duration } from './lib/duration.js';
export type { Clock } from './lib/clock.js';
export { toErrorResponse } from './error-response.js';
export type { ErrorResponse, ErrorResponseOptions } from './error-response.js';
export { toSeconds } from './lib/duration.js';
export { createRotationEngine } from './rotation-engine.js';
export type {
  AccessRevocation,
  DeviceBinding,
  LoginInput,
  LogoutAllResult,
  RefreshOptions,
  RefreshTokenGrant,
  RotationEngine,
  RotationEngineOptions,
  SessionInfo,
} from './rotation-engine.js';
export type {
  AuthEvent,
  AuthEventType,
  DeviceContext,
  GraceReplayReason,
  RefreshFailureReason,
  ReuseReason,
  SessionRevokedReason,
} from './events.js';
export type {
  FamilyRecord,
  GraceClaimInput,
  GraceClaimResult,
  RefreshTokenRecord,
  RotateInput,
  RotateResult,
  TokenStore,
  TokenWithFamily,
} from './store.js';
export { MemoryStore } from './stores/memory-store.js';
export type { MemoryStoreOptions, MemoryStoreStats } from './stores/memory-store.js';
