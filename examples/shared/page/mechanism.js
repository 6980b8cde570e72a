// What the demo page shows of the mechanism: the access token's remaining
// lifetime, and an event log. The client (tokenwarden/client) emits only
// onSessionEnd, so the page watches the token responses through the client's
// own `fetch` option. The refresh token is an HttpOnly cookie the page cannot
// read: the log names the session (`sid`) and each access token (`jti`) instead.

const $ = (selector) => document.querySelector(selector);
// The tail: a session id starts with its subject's tag, the same for all of a user's sessions.
const short = (id) => (id ? `…${String(id).slice(-8)}` : '?');

let current = null; // claims of the access token in memory: { sid, jti, exp }

/** The payload of a JWT, or null; only for display, never trusted. */
function claimsOf(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part));
  } catch {
    return null;
  }
}

/** Appends one line to the event log. */
export function logEvent(kind, text) {
  const li = document.createElement('li');
  li.dataset.kind = kind;
  const time = document.createElement('time');
  time.textContent = new Date().toLocaleTimeString();
  const label = document.createElement('strong');
  label.textContent = kind;
  li.append(time, ' ', label, ` ${text}`);
  $('#event-log').prepend(li);
}

function onToken(path, token) {
  const next = claimsOf(token);
  if (!next) return;
  if (path.endsWith('/login')) {
    logEvent('login', `session ${short(next.sid)}, access token ${short(next.jti)}`);
  } else if (path.endsWith('/refresh')) {
    const from = current?.jti ? short(current.jti) : '(none in this tab)';
    logEvent(
      'refresh',
      `session ${short(next.sid)}: access token ${from} → ${short(next.jti)}, refresh cookie rotated`,
    );
  }
  current = next;
  tick();
}

function onRefusal(path, code) {
  if (code === 'REFRESH_TOKEN_REUSED') logEvent('reuse-detected', 'the session was revoked');
  else if (code === 'STEP_UP_REQUIRED') logEvent('step-up', 'the server asked for a second factor');
  else if (code === 'TOKEN_REVOKED' || code === 'SESSION_REVOKED') {
    logEvent('session-revoked', `${path}: ${code}`);
  }
}

/** A `fetch` for createAuthClient that reports token responses and refusals to the log. */
export function observingFetch(base = globalThis.fetch.bind(globalThis)) {
  return async (input, init) => {
    const res = await base(input, init);
    const path = new URL(res.url || String(input), location.href).pathname;
    const body = await res
      .clone()
      .json()
      .catch(() => null);
    if (res.ok && typeof body?.accessToken === 'string') onToken(path, body.accessToken);
    else if (!res.ok && body?.error?.code) onRefusal(path, body.error.code);
    return res;
  };
}

/** Forgets the token shown (the session ended). */
export function clearToken() {
  current = null;
  tick();
}

function tick() {
  const left = current?.exp ? Math.max(0, Math.round(current.exp - Date.now() / 1000)) : null;
  $('#countdown').textContent = left === null ? '–' : `${left} s`;
}

setInterval(tick, 1000);
