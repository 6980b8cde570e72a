/**
 * `tokenwarden/client`: the browser/SPA side of the HTTP contract. The access
 * token lives in memory only; the refresh token stays in its HttpOnly cookie;
 * tabs share one refresh through Web Locks and `BroadcastChannel`. Imports
 * nothing from the server but types and the route names of
 * `core/constants.ts`, and no `jose`.
 *
 * @example
 * ```ts
 * import { createAuthClient, ClientAuthError } from 'tokenwarden/client';
 *
 * const auth = createAuthClient({ onSessionEnd: (reason) => showLogin(reason) });
 * await auth.login({ username, password });
 * const res = await auth.authFetch('/api/me');
 * ```
 * @module
 */
export { createAuthClient } from './create-auth-client.js';
export type { AuthClient } from './create-auth-client.js';
export { ClientAuthError } from './client-error.js';
export type { ClientAuthErrorCode } from './client-error.js';
export type { AuthClientOptions, AuthRoutes, SessionEndReason } from './options.js';
