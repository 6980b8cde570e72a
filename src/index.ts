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
export {
  accessCookie,
  clearCookie,
  csrfCookie,
  DEFAULT_COOKIE_MAX_AGE,
  DEFAULT_COOKIE_NAMES,
  DEFAULT_COOKIE_PATHS,
  MAX_COOKIE_AGE_SECONDS,
  refreshCookie,
} from './cookies.js';
export type {
  BaseCookieOptions,
  ClearCookieOptions,
  CookieAttributes,
  CookieSpec,
  NamedCookieOptions,
  PrefixConstraint,
  RefreshCookieOptions,
  SameSite,
} from './cookies.js';
export { createCsrfGuard, DEFAULT_CSRF_HEADER } from './csrf.js';
export type {
  CsrfCheckOptions,
  CsrfGuard,
  CsrfGuardOptions,
  CsrfRequest,
  DoubleSubmitOptions,
  HeaderSource,
} from './csrf.js';
export { createKeySet } from './keys.js';
export type {
  Algorithm,
  HmacAlgorithm,
  JwkInput,
  KeyInput,
  KeySet,
  KeySetOptions,
  PublicJwk,
  PublicJwks,
} from './keys.js';
export { createIssuer } from './issuer.js';
export type { IssuedToken, IssueInput, Issuer, IssuerOptions } from './issuer.js';
export { createVerifier, createVerifierCache } from './verifier.js';
export type {
  AccessClaims,
  Claims,
  VerifiedHeader,
  VerifiedToken,
  Verifier,
  VerifierOptions,
} from './verifier.js';
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
export { createAuth } from './auth.js';
export type {
  Auth,
  AuthContext,
  AuthCookieOptions,
  AuthLoginInput,
  AuthOptions,
  AuthRequest,
  AuthSession,
  SessionOptionName,
  SessionView,
  TokenLocation,
  TokenResponseBody,
} from './auth.js';
export { createWebHandler } from './web-handler.js';
export type { VerifyCredentials, WebHandlerOptions } from './web-handler.js';
export type { VerifierCache, VerifierCacheOptions } from './verifier.js';
