/**
 * tokenwarden: short-lived JWT access tokens plus opaque, rotating refresh
 * tokens with reuse detection. This entry runs on any Web-Crypto runtime and
 * imports nothing from `node:`.
 * @module
 */
export { AuthError, isAuthError, ERROR_STATUS } from './core/errors.js';
export type { AuthErrorCode, AuthErrorOptions, ClaimFailureReason } from './core/errors.js';
export type { Duration } from './core/duration.js';
export type { Clock } from './core/clock.js';
export { toErrorResponse } from './http/error-response.js';
export type { ErrorResponse, ErrorResponseOptions } from './http/error-response.js';
export { toSeconds } from './core/duration.js';
export {
  accessCookie,
  clearCookie,
  csrfCookie,
  DEFAULT_COOKIE_MAX_AGE,
  DEFAULT_COOKIE_NAMES,
  DEFAULT_COOKIE_PATHS,
  MAX_COOKIE_AGE_SECONDS,
  refreshCookie,
} from './http/cookie-specs.js';
export type {
  BaseCookieOptions,
  ClearCookieOptions,
  CookieAttributes,
  CookieSpec,
  NamedCookieOptions,
  PrefixConstraint,
  RefreshCookieOptions,
  SameSite,
} from './http/cookie-specs.js';
export { createCsrfGuard, DEFAULT_CSRF_HEADER } from './http/csrf-guard.js';
export type {
  CsrfCheckOptions,
  CsrfGuard,
  CsrfGuardOptions,
  CsrfRequest,
  DoubleSubmitOptions,
  HeaderSource,
} from './http/csrf-guard.js';
export { createKeySet, createRemoteKeySet } from './token/keys.js';
export type {
  Algorithm,
  HmacAlgorithm,
  JwkInput,
  KeyInput,
  KeySet,
  KeySetOptions,
  PublicJwk,
  PublicJwks,
  RemoteKeySet,
  RemoteKeySetOptions,
} from './token/keys.js';
export { createIssuer } from './token/issuer.js';
export type { IssuedToken, IssueInput, Issuer, IssuerOptions } from './token/issuer.js';
export { createVerifier, createVerifierCache } from './token/verifier.js';
export type {
  AccessClaims,
  Claims,
  VerifiedHeader,
  VerifiedToken,
  Verifier,
  VerifierOptions,
  VerifierProfile,
} from './token/verifier.js';
export { createRotationEngine } from './auth/rotation-engine.js';
export type {
  AccessRevocation,
  AccessRevocationClaims,
  DeviceBinding,
  LoginInput,
  LogoutAllResult,
  PolicySession,
  RefreshDecision,
  RefreshOptions,
  RefreshPolicy,
  RefreshTokenGrant,
  RotationEngine,
  RotationEngineOptions,
  SessionInfo,
  StepUpGrant,
  StepUpInput,
} from './session/types.js';
export type {
  AuthEvent,
  AuthEventType,
  DeviceContext,
  GraceReplayReason,
  RefreshFailureReason,
  ReuseReason,
  SessionRevokedReason,
} from './session/events.js';
export type {
  AuthenticationUpdate,
  GraceClaimInput,
  GraceClaimResult,
  RotateIfCurrentInput,
  RotateIfCurrentResult,
  RotateInput,
  RotateResult,
  SessionRecord,
  TokenStore,
} from './session/store.js';
export { subjectTag } from './session/subject-tag.js';
export { MemoryStore } from './stores/memory/memory-store.js';
export type { MemoryStoreOptions, MemoryStoreStats } from './stores/memory/memory-store.js';
export { createAuth } from './auth/auth.js';
export type {
  Auth,
  AuthContext,
  AuthCookieOptions,
  AuthLoginInput,
  AuthOptions,
  AuthRequest,
  AuthSession,
  AuthStepUpInput,
  AuthStepUpResult,
  CookieSessionBody,
  SessionOptionName,
  SessionView,
  StepUpRequirement,
  TokenLocation,
  TokenResponseBody,
} from './auth/auth.js';
export { createWebHandler, createWebRequireAuth } from './auth/web-handler.js';
export type { VerifyCredentials, VerifyStepUp, WebHandlerOptions } from './auth/web-handler.js';
export type { VerifierCache, VerifierCacheOptions } from './token/verifier.js';

// ---- Glue internals: not public API ----------------------------------------
// Exported only so that tokenwarden/express and tokenwarden/fastify import the
// core through the package (tsup.config.ts, coreThroughPackage) and run on the
// app's own copy of it: one AuthError class per process. Undocumented, and
// they may change in any release; apps should not import them.
export { createAuthRoutes, errorRoute } from './auth/auth-routes.js';
export { AUTH_BASE_PATH, AUTH_ROUTES } from './core/constants.js';
export {
  assertGlueOptions,
  assertRoutesReachCookie,
  assertStepUpOption,
} from './auth/glue-options.js';
export { resolveRequirement } from './auth/step-up-requirement.js';
export { MAX_BODY_BYTES, readJsonBody } from './http/read-body.js';
