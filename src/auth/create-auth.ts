/**
 * The flows behind `createAuth`. Each verb is a short sequence of calls into
 * the issuer, verifier, rotation engine, cookies and CSRF guard.
 * @module
 */
import { createCsrfGuard } from '../http/csrf-guard.js';
import type { CsrfGuard } from '../http/types.js';
import { AuthError, isAuthError } from '../core/errors.js';
import type { AuthEvent } from '../session/events.js';
import { buildIssuer } from '../token/jwt/build-issuer.js';
import { buildVerifier } from '../token/jwt/build-verifier.js';
import type { Issuer } from '../token/types.js';
import { buildEngine } from '../session/rotation-engine.js';
import type { RotationEngine } from '../session/rotation-engine.js';
import type { Verifier } from '../token/types.js';
import { readCookie } from '../http/read-cookie.js';
import { RESERVED_CLAIMS } from '../token/jwt/access-claims.js';
import { assertJsonClaims } from '../token/jwt/json-claims.js';
import { nonEmptyString } from '../core/options.js';
import { getHeader } from '../http/headers.js';
import { emitSafely } from '../session/guards.js';
import { readBearer } from './bearer.js';
import {
  FINGERPRINT_CLAIM,
  fingerprintDigest,
  fingerprintMatches,
  isFingerprint,
  newFingerprint,
} from './fingerprint.js';
import { resolveAuthOptions, type ResolvedAuthOptions } from './options.js';
import { createSessionCookies, type SessionCookies } from './session-cookies.js';
import {
  checkRequirement,
  type ResolvedRequirement,
  resolveRequirement,
} from './step-up-requirement.js';
import type {
  Auth,
  AuthContext,
  AuthLoginInput,
  AuthOptions,
  AuthRequest,
  AuthSession,
  AuthStepUpInput,
  AuthStepUpResult,
  SessionView,
  StepUpRequirement,
} from './types.js';

/** What an access token of a session needs from the engine. */
interface TokenGrant {
  readonly subject: string;
  readonly sessionId: string;
  readonly tokenVersion: number;
  /** ms since the epoch. */
  readonly authTime: number;
  readonly amr: readonly string[];
}

/** The refresh token to set as a cookie, when the flow made one. */
interface RefreshPart {
  readonly token: string;
  /** Seconds: the cookie's Max-Age. */
  readonly expiresIn: number;
}

interface Facade {
  readonly options: AuthOptions;
  readonly resolved: ResolvedAuthOptions;
  readonly engine: RotationEngine;
  readonly issue: Issuer['issue'];
  readonly verifier: Verifier;
  readonly csrf: CsrfGuard;
  readonly cookies: SessionCookies;
  readonly clock: () => number;
  emit(event: AuthEvent): void;
}

export function createAuthFacade(options: AuthOptions): Auth {
  const f = buildFacade(options);
  const accessTtl = f.resolved.issuer.ttl;
  const clockTolerance = f.resolved.verifier.claims.tolerance;
  return {
    login: (input) => login(f, input),
    refresh: (request) => refresh(f, request),
    logout: (request) => logout(f, request),
    logoutAll: (subject) => f.engine.logoutAll(subject),
    authenticate: (request, requirement) => authenticate(f, request, requirement),
    verifyAccess: (token, requirement) => verifyAccess(f, token, requirement),
    stepUp: (input) => stepUp(f, input),
    sessionForStepUp: (request) => sessionForStepUp(f, request),
    listSessions: (subject, current) => listSessions(f, subject, current),
    revokeSession: (subject, id) => f.engine.revokeSession(subject, id),
    clearCookies: () => f.cookies.clearAll(),
    refreshPath: f.resolved.refreshPath,
    jwks: () => options.keys.jwks(),
    // A token passes until `exp` plus the clock tolerance, so that is the delay.
    revocationDelay: f.engine.accessRevocation === 'session' ? 0 : accessTtl + clockTolerance,
    subjectRevocationDelay: subjectRevocationDelay(f, accessTtl + clockTolerance),
  };
}

// After logout-all: the session check sees the revoked sessions at once, the
// version check as soon as the cached version expires.
function subjectRevocationDelay(f: Facade, stateless: number): number {
  if (f.engine.accessRevocation === 'session') return 0;
  if (f.engine.accessRevocation === 'version') return f.resolved.engine.versionCacheTtlMs / 1000;
  return stateless;
}

function buildFacade(options: AuthOptions): Facade {
  const emit = (event: AuthEvent) => emitSafely(options.onEvent, event);
  const resolved = resolveAuthOptions(options, emit);
  const cookieOptions = options.cookies ?? {};
  const engine = buildEngine(resolved.engine);
  const csrf = createCsrfGuard({
    allowedOrigins: resolved.origins,
    doubleSubmit: {
      cookie: {
        secure: cookieOptions.secure ?? true,
        ...(cookieOptions.sameSite ? { sameSite: cookieOptions.sameSite } : {}),
        ...(cookieOptions.warn ? { warn: cookieOptions.warn } : {}),
        maxAge: resolved.engine.absoluteTtlMs / 1000,
      },
    },
  });
  const cookies = createSessionCookies(
    cookieOptions,
    resolved.refreshPath,
    resolved.locations.cookie ? csrf : undefined,
    resolved.fingerprint,
    resolved.locations.cookie,
  );
  const issuer = buildIssuer(resolved.issuer);
  const verifier = buildVerifier(resolved.verifier);
  const { clock } = resolved;
  return { options, resolved, engine, issue: issuer.issue, verifier, csrf, cookies, clock, emit };
}

async function login(f: Facade, input: AuthLoginInput): Promise<AuthSession> {
  const subject = nonEmptyString(input?.subject, 'login subject');
  const { context, amr } = input;
  // Claims first: a bad accessClaims result must not leave a session behind
  // that no client holds a token for.
  const claims = await callerClaims(f, subject);
  const grant = await f.engine.login({
    subject,
    ...(context ? { context } : {}),
    ...(amr === undefined ? {} : { amr }),
  });
  return toSession(f, grant, claims, undefined, refreshPart(grant));
}

function refreshPart(grant: { refreshToken: string; expiresIn: number }): RefreshPart {
  return { token: grant.refreshToken, expiresIn: grant.expiresIn };
}

async function stepUp(f: Facade, input: AuthStepUpInput): Promise<AuthStepUpResult> {
  const grant = await f.engine.stepUp({
    sessionId: input?.sessionId,
    ...(input.amr === undefined ? {} : { amr: input.amr }),
    ...(input.context === undefined ? {} : { context: input.context }),
  });
  const fingerprint = input.headers
    ? readCookie(getHeader(input.headers, 'cookie'), f.cookies.fingerprintName)
    : undefined;
  const session = await toSession(f, grant, await callerClaims(f, grant.subject), fingerprint);
  const { refreshToken: _none, ...result } = Object.getOwnPropertyDescriptors(session);
  return Object.defineProperties({}, result) as AuthStepUpResult;
}

// A valid access token names its session; an expired one is passed over for
// the refresh cookie, which a client asked to step up on refresh still holds.
async function sessionForStepUp(
  f: Facade,
  request: AuthRequest,
): Promise<{ subject: string; sessionId: string }> {
  const presented = readAccessToken(f, request);
  if (presented !== undefined && presented.token !== '') {
    try {
      const context = await authenticate(f, request, undefined);
      return { subject: context.subject, sessionId: context.sessionId };
    } catch (err) {
      if (!isAuthError(err, 'TOKEN_EXPIRED')) throw err;
    }
  }
  f.csrf.check(request, { doubleSubmit: f.resolved.locations.cookie });
  const token = readCookie(getHeader(request.headers, 'cookie'), f.cookies.refreshName);
  if (token === undefined) {
    throw new AuthError(presented === undefined ? 'TOKEN_MISSING' : 'TOKEN_EXPIRED');
  }
  return f.engine.sessionOfRefreshToken(token);
}

async function refresh(f: Facade, request: AuthRequest): Promise<AuthSession> {
  // The refresh route always checks Origin; double-submit only when cookies
  // also authenticate API requests (the refresh cookie itself is SameSite=Strict).
  f.csrf.check(request, { doubleSubmit: f.resolved.locations.cookie });
  const token = readCookie(getHeader(request.headers, 'cookie'), f.cookies.refreshName);
  if (token === undefined) throw new AuthError('REFRESH_TOKEN_MISSING');
  // Claims before the rotation: a throwing accessClaims must leave the
  // client's token current, not rotated with no successor handed out.
  let claims: Record<string, unknown> = {};
  const beforeRotate = async (subject: string) => {
    claims = await callerClaims(f, subject);
  };
  const grant = await f.engine.refresh(token, {
    ...(request.context ? { context: request.context } : {}),
    ...(f.options.accessClaims ? { beforeRotate } : {}),
  });
  const fingerprint = readCookie(getHeader(request.headers, 'cookie'), f.cookies.fingerprintName);
  return toSession(f, grant, claims, fingerprint, refreshPart(grant));
}

async function logout(
  f: Facade,
  request: AuthRequest,
): Promise<{ cookies: AuthSession['cookies'] }> {
  f.csrf.check(request, { doubleSubmit: f.resolved.locations.cookie });
  const token = readCookie(getHeader(request.headers, 'cookie'), f.cookies.refreshName);
  if (token !== undefined)
    await f.engine.logout(token, request.context ? { context: request.context } : {});
  if (f.engine.accessRevocation === 'jti') await denyPresentedAccessToken(f, request);
  return { cookies: f.cookies.clearAll() };
}

// In `jti` mode a logout also denylists the access token that came with it,
// so this device's token dies now rather than at its `exp`.
// Best effort: the family is already revoked, so an unreadable or invalid
// access token must not turn the logout into an error without clearing cookies.
async function denyPresentedAccessToken(f: Facade, request: AuthRequest): Promise<void> {
  try {
    const presented = readAccessToken(f, request);
    if (presented === undefined) return;
    const { claims } = await f.verifier.verify(presented.token);
    await f.engine.denyJti(claims.jti, claims.exp);
  } catch (err) {
    if (isAuthError(err, 'STORE_UNAVAILABLE')) throw err;
  }
}

async function toSession(
  f: Facade,
  grant: TokenGrant,
  callerClaimSet: Record<string, unknown>,
  fingerprint: string | undefined,
  refresh?: RefreshPart,
): Promise<AuthSession> {
  const claims = { ...callerClaimSet };
  const cookies = refresh ? [f.cookies.refresh(refresh.token, refresh.expiresIn)] : [];
  if (f.resolved.fingerprint) {
    // Reuse the session's fingerprint across refreshes, so tabs holding the
    // previous access token keep working while it lasts.
    const value = isFingerprint(fingerprint) ? fingerprint : newFingerprint();
    claims[FINGERPRINT_CLAIM] = await fingerprintDigest(value);
    // A step-up keeps the cookie as long as a refresh would have set it.
    const maxAge = refresh?.expiresIn ?? f.resolved.engine.absoluteTtlMs / 1000;
    cookies.push(f.cookies.fingerprint(value, maxAge));
  }
  const issued = await f.issue({
    subject: grant.subject,
    sessionId: grant.sessionId,
    claims,
    tokenVersion: grant.tokenVersion,
    // RFC 9470 §4: when the user authenticated, in seconds, not when this token was made.
    authTime: Math.floor(grant.authTime / 1000),
    amr: grant.amr,
  });
  const session = sessionResult(
    {
      body: f.resolved.accessTokenInBody
        ? { accessToken: issued.token, tokenType: 'Bearer', expiresIn: issued.expiresIn }
        : { expiresIn: issued.expiresIn },
      accessToken: issued.token,
      expiresAt: issued.expiresAt,
      subject: grant.subject,
      sessionId: grant.sessionId,
    },
    cookies,
    refresh?.token ?? '',
  );
  if (f.resolved.locations.cookie) {
    cookies.push(f.cookies.access(issued.token, issued.expiresIn));
    const csrf = f.csrf.issueToken();
    cookies.push(csrf.cookie);
    session.csrfToken = csrf.token;
  }
  return session;
}

// The cookies and the refresh token are non-enumerable, so `res.json(session)`
// or a logged session never hands the refresh token to page script or a log:
// it belongs in the HttpOnly cookie only. Reading the properties still works.
function sessionResult(
  visible: Omit<AuthSession, 'cookies' | 'refreshToken' | 'csrfToken'>,
  cookies: AuthSession['cookies'],
  refreshToken: string,
): AuthSession {
  return Object.defineProperties(visible, {
    cookies: { value: cookies, enumerable: false, writable: true, configurable: true },
    refreshToken: { value: refreshToken, enumerable: false, writable: true, configurable: true },
  }) as AuthSession;
}

async function callerClaims(f: Facade, subject: string): Promise<Record<string, unknown>> {
  if (!f.options.accessClaims) return {};
  const claims = await f.options.accessClaims(subject);
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw new TypeError('tokenwarden: accessClaims must return an object');
  }
  for (const name of Object.keys(claims)) {
    if (name === FINGERPRINT_CLAIM || RESERVED_CLAIMS.has(name)) {
      throw new TypeError(`tokenwarden: accessClaims must not set the reserved claim "${name}"`);
    }
  }
  assertJsonClaims(claims);
  return claims;
}

/** The access token of `request` and where it came from (a Bearer header wins). */
function readAccessToken(
  f: Facade,
  request: AuthRequest,
): { token: string; from: 'header' | 'cookie' } | undefined {
  const { header, cookie } = f.resolved.locations;
  const bearer = header ? readBearer(request.headers) : undefined;
  if (bearer !== undefined) return { token: bearer, from: 'header' };
  if (!cookie) return undefined;
  const fromCookie = readCookie(getHeader(request.headers, 'cookie'), f.cookies.accessName);
  return fromCookie === undefined ? undefined : { token: fromCookie, from: 'cookie' };
}

async function authenticate<C extends object>(
  f: Facade,
  request: AuthRequest,
  requirement: StepUpRequirement | undefined,
): Promise<AuthContext<C>> {
  const required = resolveRequirement(requirement, 'authenticate');
  return reportFailure(f, async () => {
    const presented = readAccessToken(f, request);
    if (presented === undefined || presented.token === '') throw new AuthError('TOKEN_MISSING');
    // A cookie is sent by the browser on cross-site requests too: CSRF applies
    // to cookie-authenticated requests only, never to Bearer ones.
    if (presented.from === 'cookie') f.csrf.check(request, { doubleSubmit: true });
    const context = await verifiedContext<C>(f, presented.token);
    if (f.resolved.fingerprint) await checkFingerprint(f, request, context.claims);
    if (required) checkStepUp(f, context.claims, required);
    return context;
  });
}

async function verifyAccess<C extends object>(
  f: Facade,
  token: unknown,
  requirement: StepUpRequirement | undefined,
): Promise<AuthContext<C>> {
  const required = resolveRequirement(requirement, 'verifyAccess');
  return reportFailure(f, async () => {
    if (f.resolved.fingerprint) {
      throw new TypeError(
        'tokenwarden: verifyAccess cannot check the fingerprint cookie; use authenticate(request)',
      );
    }
    const context = await verifiedContext<C>(f, token);
    if (required) checkStepUp(f, context.claims, required);
    return context;
  });
}

function checkStepUp(f: Facade, claims: object, requirement: ResolvedRequirement): void {
  const now = Math.floor(f.clock() / 1000);
  checkRequirement(claims, requirement, now, f.resolved.verifier.claims.tolerance);
}

async function verifiedContext<C extends object>(
  f: Facade,
  token: unknown,
): Promise<AuthContext<C>> {
  const { claims } = await f.verifier.verify<C>(token as string);
  if (f.engine.accessRevocation !== 'none' && (await f.engine.isAccessRevoked(claims))) {
    throw new AuthError('TOKEN_REVOKED');
  }
  return { subject: claims.sub, sessionId: claims.sid, claims };
}

async function checkFingerprint(f: Facade, request: AuthRequest, claims: object): Promise<void> {
  const cookie = readCookie(getHeader(request.headers, 'cookie'), f.cookies.fingerprintName);
  if (!(await fingerprintMatches(cookie, (claims as Record<string, unknown>)[FINGERPRINT_CLAIM]))) {
    throw new AuthError('TOKEN_INVALID', { claim: FINGERPRINT_CLAIM, reason: 'check_failed' });
  }
}

async function reportFailure<T>(f: Facade, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isAuthError(err)) {
      f.emit({ type: 'verify.failed', at: f.clock(), reason: err.code, claim: err.claim });
    }
    throw err;
  }
}

async function listSessions(
  f: Facade,
  subject: string,
  current: string | undefined,
): Promise<SessionView[]> {
  const sessions = await f.engine.listSessions(subject);
  return sessions.map((s) => ({
    id: s.sessionId,
    current: s.sessionId === current,
    createdAt: new Date(s.createdAt).toISOString(),
    lastUsedAt: new Date(s.lastUsedAt).toISOString(),
    userAgent: s.device?.userAgent ?? null,
  }));
}
