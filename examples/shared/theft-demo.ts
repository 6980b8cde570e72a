/**
 * "Simulate theft" for the demo page, only with DEMO_MODE=1: the server keeps,
 * in memory, the refresh token each session rotated away from last, and
 * replays it against its own `POST /auth/refresh` the way a thief holding a
 * copied cookie would. Reuse detection then revokes the session. Without
 * DEMO_MODE nothing is kept and the endpoint does not exist.
 */

// Sessions remembered at most: the oldest is forgotten first (a Map keeps insertion order).
const MAX_SESSIONS = 10_000;

// The refresh cookie's value: `<sessionId>.<generation>.<secret>` (DESIGN decision 3).
const REFRESH_COOKIE =
  /(?:^|;\s*)([^=;\s]+)=(([0-9a-f]{8}[A-Za-z0-9_-]{22})\.\d+\.[A-Za-z0-9_-]{43})(?=;|$)/;

/** What the replay got back: the refresh route's status and error code. */
export interface TheftReplay {
  status: number;
  code: string | undefined;
}

/** The demo's memory of rotated-away refresh tokens. */
export interface TheftDemo {
  /**
   * After a refresh answered 200: the cookie it presented is now a previous
   * token. The user agent is kept too: a thief copies it with the cookie, and
   * the demo's refreshPolicy would otherwise ask a stranger's browser for step-up.
   */
  recordRotated(cookieHeader: string | undefined, userAgent: string | undefined): void;
  /** Replays `sessionId`'s previous refresh token; `null` when none was kept (no refresh yet). */
  replay(sessionId: string): Promise<TheftReplay | null>;
}

/** Creates the in-memory recorder; `origin` is the app's own, where the replay is sent. */
export function createTheftDemo(origin: string): TheftDemo {
  // sessionId → the last rotated-away cookie (`name=value`) and its user agent.
  const previous = new Map<string, { cookie: string; userAgent: string }>();
  return {
    recordRotated(cookieHeader, userAgent) {
      const match = REFRESH_COOKIE.exec(cookieHeader ?? '');
      if (!match) return;
      const [, name, value, sessionId] = match;
      previous.delete(sessionId!);
      previous.set(sessionId!, { cookie: `${name}=${value}`, userAgent: userAgent ?? '' });
      if (previous.size > MAX_SESSIONS) previous.delete(previous.keys().next().value!);
    },
    async replay(sessionId) {
      const stolen = previous.get(sessionId);
      if (!stolen) return null;
      previous.delete(sessionId);
      const res = await fetch(`${origin}/auth/refresh`, {
        method: 'POST',
        headers: { cookie: stolen.cookie, 'user-agent': stolen.userAgent, origin },
      });
      const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
      return { status: res.status, code: body?.error?.code };
    },
  };
}
