/**
 * The browser side of tokenwarden: keeps the access token in memory only,
 * refreshes it through the HttpOnly refresh cookie, and coordinates tabs.
 * @module
 */
import { canResend, readCookie, requestOrigin, withBearer } from './bearer-request.js';
import {
  ClientAuthError,
  errorFromResponse,
  peekErrorCode,
  readJson,
  sessionEnded,
} from './client-error.js';
import type { AuthClientOptions, SessionEndReason } from './options.js';
import { resolveOptions } from './options.js';
import { createTabSync } from './tab-sync.js';
import type { TabMessage } from './tab-sync.js';
import type { IssuedToken } from './token-response.js';
import { parseTokenBody } from './token-response.js';

/**
 * What {@link createAuthClient} returns.
 *
 * @example
 * ```ts
 * if (!auth.isLoggedIn()) await auth.refresh().catch(() => showLogin());
 * ```
 */
export interface AuthClient {
  /** Logs in with a JSON body (`{username, password}` in the examples); rejects with {@link ClientAuthError}. */
  login(credentials: object): Promise<void>;
  /** Revokes this device's session on the server, clears memory and ends the session in other tabs. */
  logout(): Promise<void>;
  /** Revokes every session of the user (needs a valid access token), then as {@link AuthClient.logout}. */
  logoutAll(): Promise<void>;
  /**
   * `fetch` with `Authorization: Bearer`. Refreshes first when there is no
   * token yet or it is known expired; on a 401 `TOKEN_EXPIRED` refreshes once
   * and retries once. Resolves with the server's response; rejects with
   * {@link ClientAuthError} when a needed refresh is refused, with `fetch`'s
   * error when offline, and with a `TypeError` for an origin not in `tokenOrigins`.
   */
  authFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** A usable access token (refreshing if needed), or `null` when there is no session. */
  getAccessToken(): Promise<string | null>;
  /** Whether this tab holds a session (no network). */
  isLoggedIn(): boolean;
  /** Refreshes now; concurrent calls (and tabs) share one request. */
  refresh(): Promise<void>;
  /** Stops timers and tab coordination; does not log out. */
  dispose(): void;
}

type Status = 'unknown' | 'active' | 'ended';

// Longest delay setTimeout honours (2^31 - 1 ms); a longer one fires at once.
const MAX_TIMER_MS = 2_147_483_647;
// How long a tab that waited on the refresh lock waits for the holder's announced result.
const ADOPT_WAIT_MS = 3000;

/**
 * Creates the browser client for the tokenwarden HTTP contract.
 *
 * @example
 * ```ts
 * import { createAuthClient } from 'tokenwarden/client';
 *
 * const auth = createAuthClient({ onSessionEnd: () => showLogin() });
 * await auth.login({ username: 'alice', password: 'alice-password' });
 * const me = await (await auth.authFetch('/api/me')).json();
 * ```
 */
export function createAuthClient(options: AuthClientOptions = {}): AuthClient {
  const opts = resolveOptions(options);
  const sync = createTabSync(opts.channelName, onTabMessage);
  let status: Status = 'unknown';
  let token: string | null = null;
  let expiresAtMs = 0;
  let refreshAtMs = 0;
  // Bumped whenever a session starts or ends, so late results of the old one are dropped.
  let epoch = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inflight: Promise<string> | null = null;
  let disposed = false;

  function usable(): boolean {
    return status === 'active' && token !== null && opts.clock() < expiresAtMs;
  }

  function setToken(accessToken: string, expiresMs: number, refreshMs: number): void {
    token = accessToken;
    expiresAtMs = expiresMs;
    refreshAtMs = refreshMs;
    status = 'active';
    schedule();
  }

  function accept(issued: IssuedToken, login: boolean): string {
    const lifetimeMs = issued.expiresIn * 1000;
    const expiresMs = opts.clock() + lifetimeMs;
    // Capped at half the lifetime: a token shorter than refreshAhead must not refresh in a loop.
    const refreshMs = expiresMs - Math.min(opts.refreshAheadMs, lifetimeMs / 2);
    if (login) epoch++;
    setToken(issued.accessToken, expiresMs, refreshMs);
    sync.post({
      type: 'token',
      accessToken: issued.accessToken,
      expiresAtMs: expiresMs,
      refreshAtMs: refreshMs,
      login,
    });
    return issued.accessToken;
  }

  function endSession(reason: SessionEndReason, tellTabs: boolean): void {
    const wasActive = status === 'active';
    clearTimer();
    token = null;
    expiresAtMs = 0;
    refreshAtMs = 0;
    status = 'ended';
    epoch++;
    if (tellTabs) sync.post({ type: 'logout', reason });
    // A throwing callback must not break the client's own bookkeeping.
    if (wasActive) queueMicrotask(() => opts.onSessionEnd(reason));
  }

  function onTabMessage(message: TabMessage): void {
    if (message.type === 'logout') {
      // Another tab's word, checked: only the reasons this client knows.
      const { reason } = message;
      const known = reason === 'revoked' || reason === 'refresh_failed' ? reason : 'logout';
      if (status !== 'ended') endSession(known, false);
      return;
    }
    if (message.type !== 'token') return;
    // A refresh that raced with this tab's logout must not bring the session back.
    if (!message.login && status === 'ended') return;
    if (message.expiresAtMs < expiresAtMs) return;
    if (message.login) epoch++;
    setToken(message.accessToken, message.expiresAtMs, message.refreshAtMs);
  }

  function schedule(): void {
    clearTimer();
    if (status !== 'active' || disposed) return;
    const delay = Math.min(Math.max(refreshAtMs - opts.clock(), 0), MAX_TIMER_MS);
    timer = setTimeout(onTimer, delay);
  }

  function onTimer(): void {
    timer = undefined;
    if (status !== 'active') return;
    if (opts.clock() < refreshAtMs) {
      schedule();
      return;
    }
    // Not retried: a refused refresh ends the session, a network error surfaces on the next call.
    refreshShared().catch(ignore);
  }

  function clearTimer(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  function refreshShared(): Promise<string> {
    inflight ??= coordinatedRefresh().finally(() => {
      inflight = null;
    });
    return inflight;
  }

  async function coordinatedRefresh(): Promise<string> {
    const startEpoch = epoch;
    const startToken = token;
    const seen = sync.outcomes();
    return sync.withRefreshLock(async (waited) => {
      // The holder announced its result before releasing the lock, but the
      // message may arrive after the lock does: wait for it rather than send
      // a second refresh with a cookie that was just rotated.
      if (waited && sync.outcomes() === seen) await sync.nextOutcome(seen, ADOPT_WAIT_MS);
      if (epoch !== startEpoch && status === 'ended') throw sessionEnded();
      if (usable() && token !== startToken) return token!;
      return postRefresh();
    });
  }

  async function postRefresh(): Promise<string> {
    const startEpoch = epoch;
    let issued: IssuedToken;
    try {
      issued = await postForToken(opts.urls.refresh, { headers: csrfHeaders() });
    } catch (err) {
      sync.post({ type: 'refresh-failed' });
      // A 401 on refresh is final (REFRESH_TOKEN_*, SESSION_REVOKED): the cookie,
      // shared by every tab, is dead, so every tab is signed out. Not
      // STEP_UP_REQUIRED (RFC 9470): the session stands, waiting for a second factor.
      if (
        epoch === startEpoch &&
        err instanceof ClientAuthError &&
        err.status === 401 &&
        err.code !== 'STEP_UP_REQUIRED'
      ) {
        endSession('refresh_failed', true);
      }
      throw err;
    }
    if (epoch === startEpoch) return accept(issued, false);
    // Logged out or in while this request was in flight: its result belongs to a finished session.
    sync.post({ type: 'refresh-failed' });
    if (usable()) return token!;
    throw sessionEnded();
  }

  async function postForToken(url: string, init: RequestInit): Promise<IssuedToken> {
    const headers = new Headers(init.headers);
    headers.set('accept', 'application/json');
    const res = await opts.fetch(url, { ...init, method: 'POST', credentials: 'include', headers });
    if (!res.ok) throw await errorFromResponse(res);
    return parseTokenBody(await readJson(res), res.status);
  }

  function csrfHeaders(): Record<string, string> {
    const value = opts.csrf ? readCookie(opts.csrf.cookie) : undefined;
    return opts.csrf && value ? { [opts.csrf.header]: value } : {};
  }

  async function currentToken(): Promise<string> {
    if (usable()) return token!;
    if (status === 'ended') throw sessionEnded();
    return refreshShared();
  }

  async function fetchWithToken(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const sent = await currentToken();
    const first = await opts.fetch(...withBearer(input, init, sent));
    if (first.status !== 401) return first;
    const code = await peekErrorCode(first);
    // Revoked is final: no refresh brings this session back.
    if (code === 'TOKEN_REVOKED' || code === 'SESSION_REVOKED') {
      if (token === sent) endSession('revoked', true);
      return first;
    }
    if (code !== 'TOKEN_EXPIRED' || !canResend(init)) return first;
    first.body?.cancel().catch(ignore);
    // Another caller may have refreshed while this request was out: use its token.
    const fresh = usable() && token !== sent ? token! : await refreshShared();
    return opts.fetch(...withBearer(input, init, fresh));
  }

  return {
    async login(credentials) {
      // A refresh still in flight, here or in another tab, could set the old
      // session's cookie after the new one: wait for it, and hold the lock.
      await inflight?.catch(ignore);
      await sync.withRefreshLock(async () => {
        const issued = await postForToken(opts.urls.login, {
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(credentials),
        });
        accept(issued, true);
      });
    },

    async logout() {
      endSession('logout', true);
      const res = await opts.fetch(opts.urls.logout, {
        method: 'POST',
        credentials: 'include',
        headers: csrfHeaders(),
      });
      // 401: the server no longer knows this session, which is what logout wants.
      if (!res.ok && res.status !== 401) throw await errorFromResponse(res);
      res.body?.cancel().catch(ignore);
    },

    async logoutAll() {
      const res = await fetchWithToken(opts.urls.logoutAll, {
        method: 'POST',
        credentials: 'include',
        headers: csrfHeaders(),
      });
      if (!res.ok) throw await errorFromResponse(res);
      res.body?.cancel().catch(ignore);
      endSession('logout', true);
    },

    authFetch(input, init) {
      const origin = requestOrigin(input);
      if (origin === undefined || !opts.tokenOrigins.has(origin)) {
        return Promise.reject(
          new TypeError(
            `tokenwarden: authFetch will not send the access token to ${origin ?? 'a URL without an origin'}; list it in tokenOrigins`,
          ),
        );
      }
      return fetchWithToken(input, init);
    },

    async getAccessToken() {
      try {
        return await currentToken();
      } catch (err) {
        if (
          err instanceof ClientAuthError &&
          (err.status === 401 || err.code === 'SESSION_ENDED')
        ) {
          return null;
        }
        throw err;
      }
    },

    isLoggedIn: () => status === 'active',

    async refresh() {
      await refreshShared();
    },

    dispose() {
      disposed = true;
      clearTimer();
      sync.close();
    },
  };
}

function ignore(): void {}
