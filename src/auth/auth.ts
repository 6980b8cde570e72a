/**
 * `createAuth`: the one object most apps need. It composes the issuer, the
 * verifier, the rotation engine, the cookie specs and the CSRF guard behind
 * transport-agnostic verbs that framework glue (or your own handlers) call.
 *
 * @example
 * ```ts
 * import { createAuth, createKeySet } from 'tokenwarden';
 *
 * const auth = createAuth({
 *   issuer: 'https://app.example',
 *   audience: 'app',
 *   keys: await createKeySet({ keys: [{ alg: 'HS256', secret: process.env.JWT_SECRET! }] }),
 * });
 * const session = await auth.login({ subject: user.id });
 * // send session.body as JSON and session.cookies as Set-Cookie headers
 * const { subject } = await auth.authenticate({ method: 'GET', headers: request.headers });
 * ```
 * @module
 */
import { createAuthFacade } from './create-auth.js';
import type { Auth, AuthOptions } from './types.js';

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
  VerifyCredentials,
  VerifyStepUp,
} from './types.js';

/**
 * Creates the facade. Validates the whole configuration now (a `TypeError`
 * names the bad option) and keeps safe defaults: header tokens, 15 minute
 * access TTL, rotating refresh cookie on `/auth`, SameSite=Strict, Secure.
 *
 * @example
 * ```ts
 * const auth = createAuth({ issuer: 'https://app.example', audience: 'app', keys });
 * const session = await auth.login({ subject: 'user-42' });
 * ```
 */
export function createAuth(options: AuthOptions): Auth {
  return createAuthFacade(options);
}
