/**
 * The option checks every framework glue shares, so each fails at start-up
 * with the same clear `TypeError`.
 * @module
 */
import { AUTH_ROUTES } from '../core/constants.js';
import type { Auth } from './types.js';

/**
 * Throws unless `options` holds a `createAuth()` object and a `verifyCredentials` function.
 * Glue internals (src/index.ts), not public API.
 * @internal
 */
export function assertGlueOptions(
  options: { auth?: Auth; verifyCredentials?: unknown } | undefined,
  glue: string,
): void {
  if (!options || typeof options.auth?.authenticate !== 'function') {
    throw new TypeError(
      `tokenwarden: the ${glue} needs \`auth\`, the object createAuth() returned`,
    );
  }
  if (typeof options.verifyCredentials !== 'function') {
    throw new TypeError(`tokenwarden: the ${glue} needs a \`verifyCredentials\` function`);
  }
}

/**
 * Throws when `verifyStepUp` is given but is not a function.
 * Glue internals (src/index.ts), not public API.
 * @internal
 */
export function assertStepUpOption(
  options: { verifyStepUp?: unknown } | undefined,
  glue: string,
): void {
  const verify = options?.verifyStepUp;
  if (verify !== undefined && typeof verify !== 'function') {
    throw new TypeError(`tokenwarden: the ${glue}'s \`verifyStepUp\` must be a function`);
  }
}

/**
 * Throws unless the refresh and logout routes under `prefix` (where the glue
 * serves the auth routes) lie inside the refresh cookie's Path: elsewhere
 * the browser never sends the cookie, and every refresh would answer
 * `REFRESH_TOKEN_MISSING` without saying why.
 * Glue internals (src/index.ts), not public API.
 * @internal
 */
export function assertRoutesReachCookie(auth: Auth, prefix: string, setting: string): void {
  const base = prefix.replace(/\/$/, '');
  const cookiePath = auth.refreshPath;
  for (const route of [AUTH_ROUTES.refresh, AUTH_ROUTES.logout]) {
    if (!pathMatches(`${base}${route}`, cookiePath)) {
      throw new TypeError(
        `tokenwarden: ${setting} "${base || '/'}" is outside the refresh cookie's Path "${cookiePath}"; serve the auth routes at auth.refreshPath, or set cookies.refreshPath in createAuth to the same prefix`,
      );
    }
  }
}

// RFC 6265 §5.1.4 path-match.
function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}
